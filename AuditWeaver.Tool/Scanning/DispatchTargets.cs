using System;
using System.Collections.Generic;
using System.Linq;
using Mono.Cecil;

namespace AuditWeaver.Tool.Scanning;

/// <summary>How a call graph edge was found.</summary>
internal enum EdgeKind
{
    /// <summary>The method the IL names (call, callvirt to it, newobj).</summary>
    Direct,

    /// <summary>An override in a scanned type of the virtual or abstract class method a callvirt names.</summary>
    Virtual,

    /// <summary>An implementation in a scanned type of the interface method a callvirt names.</summary>
    Interface,

    /// <summary>The method a delegate or function pointer is made from (ldftn, ldvirtftn): a method group or a lambda.</summary>
    Delegate,
}

/// <summary>
/// Class hierarchy analysis over the scanned types: the methods a virtual or interface call may reach. Bounded to the
/// types of the scanned assemblies (all of them, instantiated or not: a dependency-injection container creates types
/// that no IL ever constructs); the framework's own implementations are not followed, nor the methods of
/// <c>System.Object</c>, which every type overrides and which would connect everything to everything.
/// </summary>
internal sealed class DispatchTargets
{
    private readonly Dictionary<string, List<TypeDefinition>> _subtypes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _interfaces = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (TypeReference? Base, List<TypeReference> Interfaces, bool IsInterface)?> _outside = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TypeDefinition> _scannedTypes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (List<MethodDefinition> Targets, EdgeKind Kind)> _memo = new(StringComparer.Ordinal);
    private readonly Dictionary<TypeDefinition, MethodDefinition[]> _explicitOverriders = new();

    internal DispatchTargets(IEnumerable<TypeDefinition> types)
    {
        var all = types.ToList();
        foreach (var type in all)
        {
            _scannedTypes.TryAdd(type.FullName, type);
        }

        foreach (var type in all.Where(t => !t.IsInterface))
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            Ancestors(type.BaseType, false, seen);
            foreach (var implemented in type.Interfaces)
            {
                Ancestors(implemented.InterfaceType, true, seen);
            }

            foreach (var ancestor in seen)
            {
                if (!_subtypes.TryGetValue(ancestor, out var list))
                {
                    _subtypes[ancestor] = list = new List<TypeDefinition>();
                }

                list.Add(type);
            }
        }
    }

    /// <summary>The scanned methods a callvirt or ldvirtftn of <paramref name="method"/> may dispatch to, and whether that is through an interface.</summary>
    internal (IReadOnlyList<MethodDefinition> Targets, EdgeKind Kind) Of(MethodReference method)
    {
        var declaring = method.DeclaringType.GetElementType().FullName;
        if (!_subtypes.TryGetValue(declaring, out var candidates))
        {
            return (Array.Empty<MethodDefinition>(), EdgeKind.Virtual);
        }

        var key = declaring + "::" + method.Name + "(" + string.Join(",", method.Parameters.Select(p => p.ParameterType.FullName)) + ")";
        if (!_memo.TryGetValue(key, out var found))
        {
            var targets = new List<MethodDefinition>();
            var isInterface = _interfaces.Contains(declaring);
            foreach (var type in candidates)
            {
                if (Implementation(type, method, declaring, isInterface) is { } target && !targets.Contains(target))
                {
                    targets.Add(target);
                }
            }

            _memo[key] = found = (targets, isInterface ? EdgeKind.Interface : EdgeKind.Virtual);
        }

        return found;
    }

    // The method of `type` (or of a scanned base it inherits it from) that a call to `method` on `declaring` runs, as
    // the runtime picks it: at each level from the most derived up, an explicit override (.override, MethodImpl: explicit
    // interface implementations, VB's Implements, F#) of the method first, then a method of its name and signature; that
    // one must be public to implement an interface method, and for a class method it must be in the same virtual slot:
    // a `new virtual` (newslot) method below `declaring` starts a slot of its own, and so do the methods overriding it.
    private MethodDefinition? Implementation(TypeDefinition type, MethodReference method, string declaring, bool isInterface)
    {
        for (var current = type; current != null; current = current.BaseType == null ? null : Scanned(current.BaseType))
        {
            // Called for every subtype of every dispatched method: plain loops, nothing allocated per type.
            foreach (var candidate in ExplicitOverriders(current))
            {
                if (IsCandidate(candidate, method) && candidate.Overrides.Any(o => o.Name == method.Name && o.DeclaringType.GetElementType().FullName == declaring && SameParameters(o, method)))
                {
                    return candidate;
                }
            }

            var isDeclaring = current.FullName == declaring;
            foreach (var candidate in current.Methods)
            {
                if (IsCandidate(candidate, method) && candidate.Name == method.Name && SameParameters(candidate, method)
                    && (isInterface ? candidate.IsPublic : isDeclaring || (!candidate.IsNewSlot && !NewSlotBetween(current, method, declaring))))
                {
                    return candidate;
                }
            }

            // Nothing above the class that declares the method overrides it.
            if (isDeclaring && !isInterface)
            {
                return null;
            }
        }

        return null;
    }

    // The methods of a type with .override clauses, in declaration order, listed once per type: Cecil answers HasOverrides
    // by reading the metadata under the module's lock each time it is asked, and this is asked for every method of every
    // subtype of every dispatched method.
    private MethodDefinition[] ExplicitOverriders(TypeDefinition type)
    {
        if (!_explicitOverriders.TryGetValue(type, out var methods))
        {
            _explicitOverriders[type] = methods = type.Methods.Where(m => m.HasOverrides).ToArray();
        }

        return methods;
    }

    private static bool IsCandidate(MethodDefinition candidate, MethodReference method) =>
        candidate.IsVirtual && !candidate.IsAbstract && candidate.Parameters.Count == method.Parameters.Count;

    // Whether a scanned class between `type` (excluded) and `declaring` (excluded) declares a `new virtual` method of the
    // signature: what `type` overrides is then that method, not the one the call names.
    private bool NewSlotBetween(TypeDefinition type, MethodReference method, string declaring)
    {
        for (var current = type.BaseType == null ? null : Scanned(type.BaseType); current != null && current.FullName != declaring; current = current.BaseType == null ? null : Scanned(current.BaseType))
        {
            if (current.Methods.Any(m => m.IsVirtual && m.IsNewSlot && m.Name == method.Name && m.Parameters.Count == method.Parameters.Count && SameParameters(m, method)))
            {
                return true;
            }
        }

        return false;
    }

    // Generic parameters match anything: IRepository<T>.Save(T) is implemented by Save(Order).
    private static bool SameParameters(MethodReference first, MethodReference second)
    {
        for (var i = 0; i < first.Parameters.Count; i++)
        {
            var a = first.Parameters[i].ParameterType;
            var b = second.Parameters[i].ParameterType;
            if (!a.ContainsGenericParameter && !b.ContainsGenericParameter && a.FullName != b.FullName)
            {
                return false;
            }
        }

        return true;
    }

    private TypeDefinition? Scanned(TypeReference reference) =>
        _scannedTypes.TryGetValue(reference.GetElementType().FullName, out var type) ? type : null;

    // Every base class and interface of a type, by name, through the framework's types too (a scanned Stream subclass).
    private void Ancestors(TypeReference? reference, bool isInterface, HashSet<string> seen)
    {
        if (reference == null)
        {
            return;
        }

        var name = reference.GetElementType().FullName;
        if (name == "System.Object" || !seen.Add(name))
        {
            return;
        }

        if (Scanned(reference) is { } scanned)
        {
            if (scanned.IsInterface)
            {
                _interfaces.Add(name);
            }

            Ancestors(scanned.BaseType, false, seen);
            foreach (var implemented in scanned.Interfaces)
            {
                Ancestors(implemented.InterfaceType, true, seen);
            }

            return;
        }

        if (Outside(reference, name) is { } outside)
        {
            if (outside.IsInterface || isInterface)
            {
                _interfaces.Add(name);
            }

            Ancestors(outside.Base, false, seen);
            foreach (var implemented in outside.Interfaces)
            {
                Ancestors(implemented, true, seen);
            }
        }
        else if (isInterface)
        {
            _interfaces.Add(name);
        }
    }

    // A type outside the scanned set, resolved once: a framework class whose virtual methods scanned types override.
    private (TypeReference? Base, List<TypeReference> Interfaces, bool IsInterface)? Outside(TypeReference reference, string name)
    {
        if (!_outside.TryGetValue(name, out var facts))
        {
            TypeDefinition? definition;
            try
            {
                definition = reference.Resolve();
            }
            catch (AssemblyResolutionException)
            {
                definition = null;
            }

            facts = definition == null ? null : (definition.BaseType, definition.Interfaces.Select(i => i.InterfaceType).ToList(), definition.IsInterface);
            _outside[name] = facts;
        }

        return facts;
    }
}
