using System;
using System.Collections.Generic;
using System.Linq;
using AuditWeaver.Fody.Engine;
using AuditWeaver.Tool.Processing;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace AuditWeaver.Tool.Scanning;

/// <summary>
/// The calls between the methods of the scanned assemblies, to find what an assembly can do only through another one:
/// "my JSON library writes files through its helper package". Calls are followed to the method the IL names (virtual
/// dispatch to overrides is not followed); a method also reaches the lambdas, iterators and async state machines the
/// compiler made of its body.
/// </summary>
internal sealed class CallGraph
{
    private readonly Dictionary<string, MethodDefinition> _methods = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _calls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<WovenSite>> _sites = new(StringComparer.Ordinal);
    private readonly HashSet<string> _scanned;

    private CallGraph(IReadOnlyList<ProcessedAssembly> assemblies)
    {
        _scanned = assemblies.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var assembly in assemblies)
        {
            foreach (var site in assembly.Result!.Sites)
            {
                Add(_sites, Key(assembly.Name, site.Method), site);
            }

            foreach (var method in assembly.Module!.GetTypes().SelectMany(t => t.Methods))
            {
                var key = Key(method);
                _methods[key] = method;
                if (method.HasBody)
                {
                    _calls[key] = Callees(method).Distinct(StringComparer.Ordinal).ToList();
                }
            }
        }
    }

    /// <summary>For each scanned assembly, each category it reaches only through others, with the shortest example path.</summary>
    internal static IReadOnlyList<IndirectCapability> Find(IReadOnlyList<ProcessedAssembly> assemblies)
    {
        var processed = assemblies.Where(a => a.Status == AssemblyStatus.Processed).ToList();
        return processed.Count < 2 ? Array.Empty<IndirectCapability>() : new CallGraph(processed).FindAll(processed);
    }

    private List<IndirectCapability> FindAll(IReadOnlyList<ProcessedAssembly> assemblies)
    {
        var found = new List<IndirectCapability>();
        foreach (var assembly in assemblies)
        {
            var direct = assembly.Result!.Sites.Select(s => s.Category).ToHashSet(StringComparer.Ordinal);
            var reported = new HashSet<string>(StringComparer.Ordinal);

            // Breadth first from all of the assembly's methods at once, so the first path found to a capability is a shortest one.
            var previous = new Dictionary<string, string?>(StringComparer.Ordinal);
            var queue = new Queue<string>();
            foreach (var key in _methods.Keys.Where(k => AssemblyOf(k) == assembly.Name))
            {
                previous[key] = null;
                queue.Enqueue(key);
            }

            while (queue.Count > 0)
            {
                var current = queue.Dequeue();
                if (AssemblyOf(current) != assembly.Name && _sites.TryGetValue(current, out var sites))
                {
                    foreach (var site in sites.Where(s => !direct.Contains(s.Category) && reported.Add(s.Category)))
                    {
                        found.Add(new IndirectCapability(assembly.Name, site.Category, AssemblyOf(current), Path(previous, current).Append(site.Api).ToList(), site));
                    }
                }

                foreach (var next in _calls.TryGetValue(current, out var callees) ? callees : new List<string>())
                {
                    if (_methods.ContainsKey(next) && previous.TryAdd(next, current))
                    {
                        queue.Enqueue(next);
                    }
                }
            }
        }

        return found;
    }

    private IEnumerable<string> Path(Dictionary<string, string?> previous, string last)
    {
        var path = new List<string>();
        for (string? key = last; key != null; key = previous[key])
        {
            path.Add(CallerNames.Describe(_methods[key]));
        }

        path.Reverse();
        return path;
    }

    private IEnumerable<string> Callees(MethodDefinition method)
    {
        foreach (var instruction in method.Body.Instructions)
        {
            if (instruction.Operand is MethodReference callee && instruction.OpCode.Code is Code.Call or Code.Callvirt or Code.Newobj or Code.Ldftn or Code.Ldvirtftn)
            {
                if (Resolve(callee) is { } target)
                {
                    yield return Key(target);

                    // new <Run>d__3() and new <>c__DisplayClass: the compiler's types hold the rest of the user's method.
                    if (instruction.OpCode.Code == Code.Newobj && IsCompilerGenerated(target.DeclaringType))
                    {
                        foreach (var generated in target.DeclaringType.Methods)
                        {
                            yield return Key(generated);
                        }
                    }
                }

                // builder.Start<<Run>d__3>(ref stateMachine): an async method's body is the state machine's MoveNext.
                if (callee is GenericInstanceMethod generic)
                {
                    foreach (var argument in generic.GenericArguments.Select(a => a.Resolve()).Where(t => t != null && t.Module == method.Module && IsCompilerGenerated(t)))
                    {
                        foreach (var generated in argument!.Methods)
                        {
                            yield return Key(generated);
                        }
                    }
                }
            }
        }
    }

    // Only calls into the scanned assemblies matter; resolving the framework's members would cost time for nothing.
    private MethodDefinition? Resolve(MethodReference reference)
    {
        var scope = reference.DeclaringType.GetElementType().Scope;
        var inScope = scope is ModuleDefinition || (scope is AssemblyNameReference name && _scanned.Contains(name.Name));
        if (!inScope)
        {
            return null;
        }

        try
        {
            return reference.Resolve();
        }
        catch (AssemblyResolutionException)
        {
            return null;
        }
    }

    private static bool IsCompilerGenerated(TypeDefinition type) =>
        type.DeclaringType != null && type.Name.StartsWith("<", StringComparison.Ordinal);

    private static string Key(MethodDefinition method) => Key(method.Module.Assembly.Name.Name, method.FullName);

    private static string Key(string assembly, string method) => assembly + "|" + method;

    private static string AssemblyOf(string key) => key.Substring(0, key.IndexOf('|'));

    private static void Add<T>(Dictionary<string, List<T>> map, string key, T value)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = new List<T>();
        }

        list.Add(value);
    }
}
