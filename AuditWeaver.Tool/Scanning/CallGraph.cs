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
/// "my JSON library writes files through its helper package". A call reaches the method the IL names and, when it is a
/// callvirt, every override or interface implementation in the scanned types (<see cref="DispatchTargets"/>); a method
/// reaches the methods it makes delegates or function pointers of (method groups, lambdas), the lambdas, iterators and
/// async state machines the compiler made of its body, and the static constructors of the scanned types it uses.
/// </summary>
internal sealed class CallGraph
{
    private readonly Dictionary<string, MethodDefinition> _methods = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(string Target, EdgeKind Kind)>> _calls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<WovenSite>> _sites = new(StringComparer.Ordinal);
    private readonly HashSet<string> _scanned;
    private readonly DispatchTargets _dispatch;
    private readonly Dictionary<string, HashSet<string>> _references = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _dispatchNodes = new(StringComparer.Ordinal);
    private const string DispatchPrefix = "|dispatch|";

    private CallGraph(IReadOnlyList<ProcessedAssembly> assemblies)
    {
        _scanned = assemblies.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        var types = assemblies.SelectMany(a => a.Module!.GetTypes()).ToList();
        _dispatch = new DispatchTargets(types);
        foreach (var assembly in assemblies)
        {
            _references[assembly.Name] = assembly.Module!.AssemblyReferences.Select(r => r.Name).Where(_scanned.Contains).ToHashSet(StringComparer.Ordinal);

            foreach (var site in assembly.Result!.Sites)
            {
                Add(_sites, Key(assembly.Name, site.Method), site);
            }
        }

        foreach (var method in types.SelectMany(t => t.Methods))
        {
            var key = Key(method);
            _methods[key] = method;
            if (method.HasBody)
            {
                _calls[key] = Callees(method).Distinct().ToList();
            }
        }

        Edges = new CallGraphEdges(
            _calls.Values.Sum(c => c.Count(e => e.Kind == EdgeKind.Direct)),
            _calls.Values.Sum(c => c.Count(e => e.Kind == EdgeKind.Virtual)),
            _calls.Values.Sum(c => c.Count(e => e.Kind == EdgeKind.Interface)),
            _calls.Values.Sum(c => c.Count(e => e.Kind == EdgeKind.Delegate)));
    }

    private CallGraphEdges Edges { get; }

    /// <summary>For each scanned assembly, each category it reaches only through others, with the shortest example path; and the edges by kind.</summary>
    internal static (IReadOnlyList<IndirectCapability> Found, CallGraphEdges Edges) Find(IReadOnlyList<ProcessedAssembly> assemblies)
    {
        var processed = assemblies.Where(a => a.Status == AssemblyStatus.Processed).ToList();
        if (processed.Count < 2)
        {
            return (Array.Empty<IndirectCapability>(), CallGraphEdges.None);
        }

        var graph = new CallGraph(processed);
        return (graph.FindAll(processed), graph.Edges);
    }

    private List<IndirectCapability> FindAll(IReadOnlyList<ProcessedAssembly> assemblies)
    {
        var found = new List<IndirectCapability>();
        var byAssembly = _methods.Keys.GroupBy(AssemblyOf, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var elsewhere = _sites.Select(s => (Assembly: AssemblyOf(s.Key), s.Value)).ToList();
        foreach (var assembly in assemblies)
        {
            var direct = assembly.Result!.Sites.Select(s => s.Category).ToHashSet(StringComparer.Ordinal);

            // Only categories some other assembly has can be reached; once all are found, the search stops.
            var reachable = elsewhere.Where(s => s.Assembly != assembly.Name).SelectMany(s => s.Value).Select(s => s.Category).Where(c => !direct.Contains(c)).ToHashSet(StringComparer.Ordinal);
            if (reachable.Count == 0 || !byAssembly.TryGetValue(assembly.Name, out var own))
            {
                continue;
            }

            // Dispatch reaches only the implementations of assemblies this one depends on: an object of a type it cannot
            // name, from a package it does not use, never reaches it (Serilog does not dispose of CliWrap's types).
            var closure = Closure(assembly.Name);

            // Breadth first from all of the assembly's methods at once, so the first path found to a capability is a shortest one.
            var previous = new Dictionary<string, (string? From, EdgeKind Kind)>(StringComparer.Ordinal);
            var queue = new Queue<string>();
            foreach (var key in own)
            {
                previous[key] = (null, EdgeKind.Direct);
                queue.Enqueue(key);
            }

            while (queue.Count > 0 && reachable.Count > 0)
            {
                var current = queue.Dequeue();
                if (AssemblyOf(current) != assembly.Name && _sites.TryGetValue(current, out var sites))
                {
                    foreach (var site in sites.Where(s => reachable.Remove(s.Category)))
                    {
                        var (path, via) = Path(previous, current);
                        found.Add(new IndirectCapability(assembly.Name, site.Category, AssemblyOf(current), path.Append(site.Api).ToList(), via, site));
                    }
                }

                if (_calls.TryGetValue(current, out var callees))
                {
                    foreach (var (next, kind) in callees)
                    {
                        if (_dispatchNodes.TryGetValue(next, out var implementations))
                        {
                            // The implementations are the callees of the call, reached the way the dispatch was.
                            foreach (var implementation in implementations.Where(i => closure.Contains(AssemblyOf(i))))
                            {
                                if (previous.TryAdd(implementation, (current, kind)))
                                {
                                    queue.Enqueue(implementation);
                                }
                            }
                        }
                        else if (_methods.ContainsKey(next) && (kind == EdgeKind.Direct || closure.Contains(AssemblyOf(next))) && previous.TryAdd(next, (current, kind)))
                        {
                            queue.Enqueue(next);
                        }
                    }
                }
            }
        }

        return found;
    }

    // The assembly and every scanned assembly it references, directly or through others.
    private HashSet<string> Closure(string assembly)
    {
        var closure = new HashSet<string>(StringComparer.Ordinal) { assembly };
        var pending = new Stack<string>(closure);
        while (pending.Count > 0)
        {
            foreach (var reference in _references.TryGetValue(pending.Pop(), out var references) ? references : new HashSet<string>())
            {
                if (closure.Add(reference))
                {
                    pending.Push(reference);
                }
            }
        }

        return closure;
    }

    // The methods from the start to `last`, and how each after the first was reached.
    private (List<string> Path, List<EdgeKind> Via) Path(Dictionary<string, (string? From, EdgeKind Kind)> previous, string last)
    {
        var path = new List<string>();
        var via = new List<EdgeKind>();
        for (string? key = last; key != null; key = previous[key].From)
        {
            path.Add(CallerNames.Describe(_methods[key]));
            if (previous[key].From != null)
            {
                via.Add(previous[key].Kind);
            }
        }

        path.Reverse();
        via.Reverse();
        return (path, via);
    }

    private IEnumerable<(string, EdgeKind)> Callees(MethodDefinition method)
    {
        foreach (var instruction in method.Body.Instructions)
        {
            var code = instruction.OpCode.Code;
            if (instruction.Operand is FieldReference field && code is Code.Ldsfld or Code.Stsfld or Code.Ldsflda && Resolve(field.DeclaringType) is { } holder && StaticConstructor(holder, method) is { } fieldInitializer)
            {
                yield return fieldInitializer;
            }

            if (instruction.Operand is not MethodReference callee || code is not (Code.Call or Code.Callvirt or Code.Newobj or Code.Ldftn or Code.Ldvirtftn))
            {
                continue;
            }

            var kind = code is Code.Ldftn or Code.Ldvirtftn ? EdgeKind.Delegate : EdgeKind.Direct;
            var target = Resolve(callee);
            if (target != null)
            {
                yield return (Key(target), kind);
                if (StaticConstructor(target.DeclaringType, method) is { } initializer && (target.IsStatic || code == Code.Newobj))
                {
                    yield return initializer;
                }

                // new <Run>d__3() and new <>c__DisplayClass: the compiler's types hold the rest of the user's method.
                if (code == Code.Newobj && IsCompilerGenerated(target.DeclaringType))
                {
                    foreach (var generated in target.DeclaringType.Methods)
                    {
                        yield return (Key(generated), EdgeKind.Direct);
                    }
                }
            }

            // A callvirt (or ldvirtftn) of a virtual method reaches every override and implementation in the scanned types,
            // through one node per dispatched method: a call of IDisposable.Dispose is one edge, not one per implementation.
            if (code is Code.Callvirt or Code.Ldvirtftn && (target == null || target.IsVirtual) && Dispatch(callee) is { } node)
            {
                yield return (node.Key, code == Code.Ldvirtftn ? EdgeKind.Delegate : node.Kind);
            }

            // builder.Start<<Run>d__3>(ref stateMachine): an async method's body is the state machine's MoveNext.
            if (callee is GenericInstanceMethod generic)
            {
                foreach (var argument in generic.GenericArguments.Select(a => Try(a.Resolve)).Where(t => t != null && t.Module == method.Module && IsCompilerGenerated(t)))
                {
                    foreach (var generated in argument!.Methods)
                    {
                        yield return (Key(generated), EdgeKind.Direct);
                    }
                }
            }
        }
    }

    // The node standing for every implementation of a dispatched method, made on first use.
    private (string Key, EdgeKind Kind)? Dispatch(MethodReference callee)
    {
        var (targets, kind) = _dispatch.Of(callee);
        if (targets.Count == 0)
        {
            return null;
        }

        var key = DispatchPrefix + callee.DeclaringType.GetElementType().FullName + "::" + callee.Name + "(" + string.Join(",", callee.Parameters.Select(p => p.ParameterType.FullName)) + ")";
        if (!_dispatchNodes.ContainsKey(key))
        {
            _dispatchNodes[key] = targets.Select(t => Key(t)).ToList();
        }

        return (key, kind);
    }

    // Using a type's static members or constructing it runs its static constructor first.
    private static (string, EdgeKind)? StaticConstructor(TypeDefinition type, MethodDefinition from) =>
        type == from.DeclaringType ? null : type.Methods.FirstOrDefault(m => m.IsConstructor && m.IsStatic) is { } cctor ? (Key(cctor), EdgeKind.Direct) : null;

    // Only calls into the scanned assemblies matter; resolving the framework's members would cost time for nothing.
    private MethodDefinition? Resolve(MethodReference reference) =>
        InScope(reference.DeclaringType) ? Try(reference.Resolve) : null;

    private TypeDefinition? Resolve(TypeReference reference) =>
        InScope(reference) ? Try(reference.Resolve) : null;

    private bool InScope(TypeReference type)
    {
        var scope = type.GetElementType().Scope;
        return scope is ModuleDefinition || (scope is AssemblyNameReference name && _scanned.Contains(name.Name));
    }

    private static T? Try<T>(Func<T> resolve)
        where T : class
    {
        try
        {
            return resolve();
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
