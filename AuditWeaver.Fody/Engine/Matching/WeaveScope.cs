using System;
using System.Collections.Generic;
using System.Linq;
using Mono.Cecil;

namespace AuditWeaver.Fody.Engine;

/// <summary>
/// Which methods are woven: the namespace and type patterns of the configuration, and <c>[DoNotAudit]</c> on a method,
/// on any type that encloses it, or on the user method a compiler-generated one was made from (lambdas, local
/// functions, iterators and async methods).
/// </summary>
internal sealed class WeaveScope
{
    private const string DoNotAudit = "AuditWeaver.DoNotAuditAttribute";

    private readonly WeaverOptions _options;

    // Per type: whether its methods are in the configured namespaces and types, and none of the types enclosing it (or
    // it) is [DoNotAudit]. Asked for every method of a module, so each type is worked out once.
    private readonly Dictionary<TypeDefinition, bool> _types = new();

    // Whether the module names the attribute at all (a type reference, or a type of its own by that name). Most modules,
    // every package a scan reads among them, do not: none of their members can then carry it, and reading each member's
    // custom attributes to find out was a tenth of the engine's time in a scan.
    private readonly bool _mayMark;

    internal WeaveScope(WeaverOptions options, ModuleDefinition module)
    {
        _options = options;
        _mayMark = module.GetTypeReferences().Any(t => t.FullName == DoNotAudit) || module.GetType(DoNotAudit) != null;
    }

    internal bool Weaves(MethodDefinition method)
    {
        var type = method.DeclaringType;
        if (!_types.TryGetValue(type, out var weaves))
        {
            var outermost = type;
            while (outermost.DeclaringType != null)
            {
                outermost = outermost.DeclaringType;
            }

            weaves = _options.WeavesType(outermost.Namespace, outermost.FullName, type.FullName.Replace('/', '+')) && !(_mayMark && EnclosedByDoNotAudit(type));
            _types.Add(type, weaves);
        }

        return weaves && !(_mayMark && HasDoNotAudit(method));
    }

    private static bool EnclosedByDoNotAudit(TypeDefinition type)
    {
        for (var current = type; current != null; current = current.DeclaringType)
        {
            if (Marked(current))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasDoNotAudit(MethodDefinition method)
    {
        // The enclosing types were looked at once per type (Weaves).
        if (Marked(method))
        {
            return true;
        }

        // <Owner>b__0_0, <Owner>g__Local|0_0 and <Owner>d__3.MoveNext were written by the user as part of Owner.
        var owner = OwnerName(method.Name) ?? OwnerName(method.DeclaringType.Name);
        if (owner == null)
        {
            return false;
        }

        var userType = method.DeclaringType;
        while (userType.DeclaringType != null && userType.Name.StartsWith("<", StringComparison.Ordinal))
        {
            userType = userType.DeclaringType;
        }

        return userType.Methods.Any(m => m.Name == owner && Marked(m))
            || userType.Properties.Any(p => (p.GetMethod?.Name == owner || p.SetMethod?.Name == owner) && Marked(p));
    }

    private static string? OwnerName(string name)
    {
        if (name.Length < 3 || name[0] != '<')
        {
            return null;
        }

        var close = name.IndexOf('>');
        return close > 1 ? name.Substring(1, close - 1) : null;
    }

    private static bool Marked(ICustomAttributeProvider provider) =>
        provider.HasCustomAttributes && provider.CustomAttributes.Any(a => a.AttributeType.FullName == DoNotAudit);
}
