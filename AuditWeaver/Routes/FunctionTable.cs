using System;
using System.Collections.Generic;
using AuditWeaver.Weaving;

namespace AuditWeaver.Routes;

/// <summary>
/// The argument functions by catalog name, for evaluating catalog expressions at run time (reflection routes) without
/// reflection over ArgumentFunctions. ArgumentFunctionListTests holds it to the catalog's list.
/// </summary>
internal static class FunctionTable
{
    internal static readonly IReadOnlyDictionary<string, Func<object?[], object?>> Functions = new Dictionary<string, Func<object?[], object?>>(StringComparer.Ordinal)
    {
        ["str"] = a => ArgumentFunctions.Str(a[0]),
        ["join"] = a => ArgumentFunctions.Join(a[0]),
        ["list"] = a => ArgumentFunctions.List(a[0]),
        ["path"] = a => ArgumentFunctions.Path(a[0]),
        ["combine"] = a => ArgumentFunctions.Combine(a[0], a[1]),
        ["temppath"] = a => ArgumentFunctions.Temppath(a[0]),
        ["access"] = a => ArgumentFunctions.Access(a[0]),
        ["appendmode"] = a => ArgumentFunctions.Appendmode(a[0]),
        ["zipmode"] = a => ArgumentFunctions.Zipmode(a[0]),
        ["zipaccess"] = a => ArgumentFunctions.Zipaccess(a[0]),
        ["entryname"] = a => ArgumentFunctions.Entryname(a[0]),
        ["host"] = a => ArgumentFunctions.Host(a[0]),
        ["port"] = a => ArgumentFunctions.Port(a[0]),
        ["localhost"] = a => ArgumentFunctions.Localhost(a[0]),
        ["localport"] = a => ArgumentFunctions.Localport(a[0]),
        ["pid"] = a => ArgumentFunctions.Pid(a[0]),
        ["startfile"] = a => ArgumentFunctions.Startfile(a[0]),
        ["startargs"] = a => ArgumentFunctions.Startargs(a[0]),
        ["startdir"] = a => ArgumentFunctions.Startdir(a[0]),
        ["method"] = a => ArgumentFunctions.Method(a[0]),
        ["requesturi"] = a => ArgumentFunctions.Requesturi(a[0], a[1]),
        ["uri"] = a => ArgumentFunctions.Uri(a[0], a[1]),
        ["length"] = a => ArgumentFunctions.Length(a[0]),
        ["handletype"] = a => ArgumentFunctions.Handletype(a[0]),
        ["handlemethod"] = a => ArgumentFunctions.Handlemethod(a[0]),
        ["invokermember"] = a => ArgumentFunctions.Invokermember(a[0]),
        ["sqlitepath"] = a => ArgumentFunctions.Sqlitepath(a[0]),
        ["sqlitefile"] = a => ArgumentFunctions.Sqlitefile(a[0], a[1]),
        ["sqlitemode"] = a => ArgumentFunctions.Sqlitemode(a[0]),
        ["sqliteaccess"] = a => ArgumentFunctions.Sqliteaccess(a[0]),
    };
}
