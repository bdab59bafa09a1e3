using System;
using System.Collections.Generic;
using System.Linq;
using AuditWeaver.Catalog;
using Mono.Cecil;

namespace AuditWeaver.Fody.Engine;

/// <summary>
/// Which methods of the module override a cataloged member that has <c>override</c> clauses (a binder's Bind, a
/// meta-object's BindInvokeMember): the framework calls them, not woven code, so what they return is rewritten where
/// they return it (<see cref="ReturnWeaver"/>).
/// </summary>
internal sealed class OverrideMatcher
{
    private readonly AuditCatalog _catalog;

    // Names first: nearly no method of a module overrides one of these, and walking base types resolves assemblies.
    private readonly HashSet<string> _names;

    internal OverrideMatcher(AuditCatalog catalog)
    {
        _catalog = catalog;
        _names = new HashSet<string>(
            catalog.Entries.Where(e => e.Clauses.Any(c => c.Kind == ClauseKind.Override)).Select(e => SimpleName(e.MemberId)),
            StringComparer.Ordinal);
    }

    /// <summary>The override clauses of the member <paramref name="method"/> overrides; empty when it overrides none.</summary>
    internal IReadOnlyList<CatalogClause> Match(MethodDefinition method)
    {
        if (!method.IsVirtual || method.IsNewSlot || method.IsAbstract || !_names.Contains(method.Name))
        {
            return Array.Empty<CatalogClause>();
        }

        for (var baseType = method.DeclaringType.BaseType; baseType != null;)
        {
            var definition = Definitions.TryResolve(baseType);
            if (definition == null)
            {
                break;
            }

            var overridden = definition.Methods.FirstOrDefault(m => m.IsVirtual && m.Name == method.Name && SameParameters(m, method));
            if (overridden != null)
            {
                if (_catalog.TryGetEntry(DocumentationId.ForMethod(overridden), out var entry) && entry.Clauses.Any(c => c.Kind == ClauseKind.Override))
                {
                    return entry.Clauses.Where(c => c.Kind == ClauseKind.Override).ToList();
                }

                if (overridden.IsNewSlot)
                {
                    break;
                }
            }

            baseType = definition.BaseType;
        }

        return Array.Empty<CatalogClause>();
    }

    // M:System.Dynamic.InvokeMemberBinder.FallbackInvokeMember(...) -> FallbackInvokeMember; BindDelegate``1 -> BindDelegate.
    private static string SimpleName(string memberId)
    {
        var end = memberId.IndexOf('(');
        var name = end < 0 ? memberId : memberId.Substring(0, end);
        name = name.Substring(name.LastIndexOf('.') + 1);
        var arity = name.IndexOf("``", StringComparison.Ordinal);
        return arity < 0 ? name : name.Substring(0, arity);
    }

    private static bool SameParameters(MethodDefinition candidate, MethodDefinition method) =>
        candidate.GenericParameters.Count == method.GenericParameters.Count
        && candidate.Parameters.Count == method.Parameters.Count
        && candidate.Parameters.Select(p => TypeKey(p.ParameterType)).SequenceEqual(method.Parameters.Select(p => TypeKey(p.ParameterType)), StringComparer.Ordinal);

    // Method type parameters by position (the override may name them differently: BindDelegate<TDelegate>).
    private static string TypeKey(TypeReference type) => type switch
    {
        GenericParameter { Type: GenericParameterType.Method } parameter => "!!" + parameter.Position,
        GenericInstanceType instance => TypeKey(instance.ElementType) + "<" + string.Join(",", instance.GenericArguments.Select(TypeKey)) + ">",
        ArrayType array => TypeKey(array.ElementType) + "[]",
        _ => type.FullName,
    };
}
