using System.Collections.Generic;

namespace AuditWeaver.Catalog;

/// <summary>
/// The argument functions a catalog expression may call, with their arities. Each is a public static method of
/// <c>AuditWeaver.Weaving.ArgumentFunctions</c> taking and returning <c>object</c>, named in Pascal case
/// (<c>host</c> is <c>Host(object)</c>). A test keeps this list and the runtime in step.
/// </summary>
internal static class CatalogFunctions
{
    internal static readonly IReadOnlyDictionary<string, int> Arity = new Dictionary<string, int>
    {
        ["str"] = 1,
        ["join"] = 1,
        ["list"] = 1,
        ["path"] = 1,
        ["combine"] = 2,
        ["temppath"] = 1,
        ["access"] = 1,
        ["appendmode"] = 1,
        ["zipmode"] = 1,
        ["zipaccess"] = 1,
        ["entryname"] = 1,
        ["host"] = 1,
        ["port"] = 1,
        ["localhost"] = 1,
        ["localport"] = 1,
        ["pid"] = 1,
        ["startfile"] = 1,
        ["startargs"] = 1,
        ["startdir"] = 1,
        ["method"] = 1,
        ["requesturi"] = 2,
        ["uri"] = 2,
    };

    internal static string MethodName(string function) =>
        function.Length == 0 ? function : char.ToUpperInvariant(function[0]) + function.Substring(1);
}
