using System.Collections.Generic;

namespace AuditWeaver.Catalog;

/// <summary>
/// The argument functions a catalog expression may call, with their arities. Each is a public static method of
/// <c>AuditWeaver.Weaving.ArgumentFunctions</c> taking and returning <c>object</c>, named in Pascal case
/// (<c>host</c> is <c>Host(object)</c>). ArgumentFunctionListTests holds this list, the runtime's methods, the
/// interpreter's FunctionTable and the header of audit-catalog.txt together.
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
        ["length"] = 1,
        ["handletype"] = 1,
        ["handlemethod"] = 1,
        ["invokermember"] = 1,
        ["sqlitepath"] = 1,
        ["sqlitefile"] = 2,
        ["sqlitemode"] = 1,
        ["sqliteaccess"] = 1,
    };

    /// <summary>
    /// The route functions clauses call (<c>AuditWeaver.Weaving.RouteFunctions</c>), with their arities and whether
    /// they return a value (<c>before</c> and <c>after</c> clauses need one; <c>guard</c> and <c>follow</c> return void).
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, (int Arity, bool ReturnsValue)> Routes = new Dictionary<string, (int, bool)>
    {
        ["fieldguard"] = (1, false),
        ["memberguard"] = (1, false),
        ["invoke"] = (3, false),
        ["createinstance"] = (2, false),
        ["invokemember"] = (4, false),
        ["dynamicinvoke"] = (2, false),
        ["invokerinvoke"] = (3, false),
        ["remember"] = (2, true),
        ["auditdelegate"] = (1, true),
        ["auditexpression"] = (1, true),
        ["auditbinder"] = (1, true),
        ["auditrule"] = (1, true),
        ["ruledelegate"] = (1, true),
        ["verifiedbytes"] = (1, true),
        ["verifiedstream"] = (1, true),
        ["verifypath"] = (1, false),
        ["createnamed"] = (3, false),
        ["second"] = (2, false),
    };

    /// <summary><c>array(a, b, ...)</c> builds an object array in place; it is not a runtime call.</summary>
    internal const string ArrayFunction = "array";

    internal static string MethodName(string function) =>
        function.Length == 0 ? function : char.ToUpperInvariant(function[0]) + function.Substring(1);
}
