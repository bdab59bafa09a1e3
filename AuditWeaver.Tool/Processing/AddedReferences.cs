using System;
using System.Collections.Generic;
using System.Linq;
using Mono.Cecil;

namespace AuditWeaver.Tool.Processing;

/// <summary>
/// The types and members a module references, taken before the engine runs, so that what weaving added can be told
/// apart afterwards: an app whose framework was trimmed has every member its own code used, but not necessarily those
/// the woven code reads arguments through.
/// </summary>
internal sealed class AddedReferences
{
    private readonly HashSet<string> _before;

    private AddedReferences(HashSet<string> before)
    {
        _before = before;
    }

    internal static AddedReferences Before(ModuleDefinition module) =>
        new(new HashSet<string>(All(module).Select(Key), StringComparer.Ordinal));

    /// <summary>What <paramref name="module"/> references now that it did not before.</summary>
    internal IReadOnlyList<MemberReference> Since(ModuleDefinition module) =>
        All(module).Where(r => !_before.Contains(Key(r))).ToList();

    private static IEnumerable<MemberReference> All(ModuleDefinition module) =>
        module.GetTypeReferences().Cast<MemberReference>().Concat(module.GetMemberReferences());

    private static string Key(MemberReference reference) => reference.GetType().Name + " " + reference.FullName + " " + (reference.DeclaringType ?? (TypeReference)reference).Scope?.Name;
}
