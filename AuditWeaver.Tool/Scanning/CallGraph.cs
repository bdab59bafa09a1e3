using System;
using System.Collections.Generic;
using System.Linq;
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
/// Nodes are integers (<see cref="MethodNodes"/>, then one node per dispatched method, then callees that resolved to no
/// scanned method); the edges of node n are <see cref="Targets"/>[<see cref="Start"/>[n] .. <see cref="Start"/>[n + 1]).
/// </summary>
internal sealed class CallGraph
{
    private readonly HashSet<string> _scanned;
    private readonly DispatchTargets _dispatch;
    private readonly Dictionary<string, int> _dispatchNodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _unknown = new(StringComparer.Ordinal);
    private readonly List<int[]?> _extra = new();
    private readonly Dictionary<(int Module, int Token), Callee> _callees = new();
    private readonly List<int> _targets = new();
    private readonly List<EdgeKind> _kinds = new();

    internal CallGraph(IReadOnlyList<ProcessedAssembly> assemblies, MethodCalls calls)
    {
        Assemblies = assemblies;
        _scanned = assemblies.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        var modules = assemblies.Select(a => a.Module!).ToList();
        _dispatch = new DispatchTargets(modules.SelectMany(m => m.GetTypes()));
        Nodes = new MethodNodes(modules, m => calls.Of(m).Select(c => c.Method).ToList());

        var bodies = new CallInstruction[Nodes.Count][];
        for (var i = 0; i < modules.Count; i++)
        {
            foreach (var (method, instructions) in calls.Of(modules[i]))
            {
                if (method.HasBody && Nodes.ByToken(i, method.MetadataToken.ToInt32()) is var id and >= 0)
                {
                    bodies[id] = instructions;
                }
            }
        }

        var start = new List<int>(Nodes.Count + 1) { 0 };
        var seen = new EdgeSet();
        var counts = new int[4];
        for (var id = 0; id < Nodes.Count; id++)
        {
            if (bodies[id] is { } instructions)
            {
                foreach (var edge in Callees(Nodes.AssemblyOf(id), Nodes.Method(id)!, instructions))
                {
                    if (seen.Add(id, edge.Target, edge.Kind))
                    {
                        _targets.Add(edge.Target);
                        _kinds.Add(edge.Kind);
                        counts[(int)edge.Kind]++;
                    }
                }
            }

            start.Add(_targets.Count);
        }

        // Dispatch nodes and unknown callees have no edges of their own.
        for (var extra = 0; extra < _extra.Count; extra++)
        {
            start.Add(_targets.Count);
        }

        Start = start.ToArray();
        Targets = _targets.ToArray();
        Kinds = _kinds.ToArray();
        Edges = new CallGraphEdges(counts[(int)EdgeKind.Direct], counts[(int)EdgeKind.Virtual], counts[(int)EdgeKind.Interface], counts[(int)EdgeKind.Delegate]);
    }

    internal IReadOnlyList<ProcessedAssembly> Assemblies { get; }

    internal MethodNodes Nodes { get; }

    internal int[] Start { get; }

    internal int[] Targets { get; }

    internal EdgeKind[] Kinds { get; }

    internal CallGraphEdges Edges { get; }

    /// <summary>How many nodes there are: the methods, the dispatched methods and the unknown callees.</summary>
    internal int Count => Nodes.Count + _extra.Count;

    /// <summary>The implementations a dispatch node stands for; null for any other node.</summary>
    internal int[]? DispatchedTo(int node) => node >= Nodes.Count ? _extra[node - Nodes.Count] : null;

    /// <summary>For each scanned assembly, each category it reaches only through others, with the shortest example path; and the edges by kind.</summary>
    internal static (IReadOnlyList<IndirectCapability> Found, CallGraphEdges Edges) Find(IReadOnlyList<ProcessedAssembly> assemblies, MethodCalls calls)
    {
        var processed = assemblies.Where(a => a.Status == AssemblyStatus.Processed).ToList();
        if (processed.Count < 2)
        {
            return (Array.Empty<IndirectCapability>(), CallGraphEdges.None);
        }

        var graph = new CallGraph(processed, calls);
        return (new IndirectSearch(graph).FindAll(), graph.Edges);
    }

    private IEnumerable<(int Target, EdgeKind Kind)> Callees(int module, MethodDefinition method, CallInstruction[] instructions)
    {
        foreach (var (code, operand) in instructions)
        {
            if (operand is FieldReference field)
            {
                if (Resolve(module, field) is { Holder: { } holder } fieldCallee && holder != method.DeclaringType && fieldCallee.StaticConstructor >= 0)
                {
                    yield return (fieldCallee.StaticConstructor, EdgeKind.Direct);
                }

                continue;
            }

            if (operand is not MethodReference reference || code is Code.Ldsfld or Code.Stsfld or Code.Ldsflda)
            {
                continue;
            }

            var kind = code is Code.Ldftn or Code.Ldvirtftn ? EdgeKind.Delegate : EdgeKind.Direct;
            var callee = Resolve(module, reference);
            if (callee.Target != null)
            {
                yield return (callee.Node, kind);
                if (callee.Holder != method.DeclaringType && callee.StaticConstructor >= 0 && (callee.Target.IsStatic || code == Code.Newobj))
                {
                    yield return (callee.StaticConstructor, EdgeKind.Direct);
                }

                // new <Run>d__3() and new <>c__DisplayClass: the compiler's types hold the rest of the user's method.
                if (code == Code.Newobj)
                {
                    foreach (var generated in callee.Generated)
                    {
                        yield return (generated, EdgeKind.Direct);
                    }
                }
            }

            // A callvirt (or ldvirtftn) of a virtual method reaches every override and implementation in the scanned types,
            // through one node per dispatched method: a call of IDisposable.Dispose is one edge, not one per implementation.
            if (code is Code.Callvirt or Code.Ldvirtftn && (callee.Target == null || callee.Target.IsVirtual) && Dispatch(callee, reference) is { } node)
            {
                yield return (node.Node, code == Code.Ldvirtftn ? EdgeKind.Delegate : node.Kind);
            }

            // builder.Start<<Run>d__3>(ref stateMachine): an async method's body is the state machine's MoveNext.
            foreach (var generated in callee.StateMachines)
            {
                yield return (generated, EdgeKind.Direct);
            }
        }
    }

    // What a member reference of a module leads to, worked out once per reference (a module names a member by one token).
    private Callee Resolve(int module, MemberReference reference)
    {
        var key = (module, reference.MetadataToken.ToInt32());
        if (reference.MetadataToken.RID != 0 && _callees.TryGetValue(key, out var known))
        {
            return known;
        }

        var callee = new Callee();
        if (reference is FieldReference field)
        {
            callee.Holder = Resolve(field.DeclaringType);
        }
        else if (reference is MethodReference method)
        {
            callee.Target = InScope(method.DeclaringType) ? Try(method.Resolve) : null;
            if (callee.Target != null)
            {
                callee.Holder = callee.Target.DeclaringType;
                callee.Node = Node(callee.Target);
                if (IsCompilerGenerated(callee.Target.DeclaringType))
                {
                    callee.Generated = callee.Target.DeclaringType.Methods.Select(Node).ToArray();
                }
            }

            if (method is GenericInstanceMethod generic)
            {
                var own = Nodes.Module(module);
                callee.StateMachines = generic.GenericArguments.Select(a => Try(a.Resolve)).Where(t => t != null && t.Module == own && IsCompilerGenerated(t)).SelectMany(t => t!.Methods).Select(Node).ToArray();
            }
        }

        if (callee.Holder?.Methods.FirstOrDefault(m => m.IsConstructor && m.IsStatic) is { } initializer)
        {
            callee.StaticConstructor = Node(initializer);
        }

        if (reference.MetadataToken.RID != 0)
        {
            _callees[key] = callee;
        }

        return callee;
    }

    // The node standing for every implementation of a dispatched method, made on first use.
    private (int Node, EdgeKind Kind)? Dispatch(Callee callee, MethodReference reference)
    {
        if (callee.Dispatch is { } known)
        {
            return known.Node < 0 ? null : known;
        }

        var (targets, kind) = _dispatch.Of(reference);
        if (targets.Count == 0)
        {
            callee.Dispatch = (-1, kind);
            return null;
        }

        var key = reference.DeclaringType.GetElementType().FullName + "::" + reference.Name + "(" + string.Join(",", reference.Parameters.Select(p => p.ParameterType.FullName)) + ")";
        if (!_dispatchNodes.TryGetValue(key, out var node))
        {
            _dispatchNodes[key] = node = Nodes.Count + _extra.Count;
            _extra.Add(targets.Select(Node).ToArray());
        }

        callee.Dispatch = (node, kind);
        return callee.Dispatch;
    }

    // A scanned method's node, or a node of its own for a callee of a scanned assembly's name that is not among its methods.
    private int Node(MethodDefinition method)
    {
        var id = Nodes.Of(method);
        if (id >= 0)
        {
            return id;
        }

        var key = method.Module.Assembly.Name.Name + "|" + method.FullName;
        if (!_unknown.TryGetValue(key, out id))
        {
            _unknown[key] = id = Nodes.Count + _extra.Count;
            _extra.Add(null);
        }

        return id;
    }

    // Only calls into the scanned assemblies matter; resolving the framework's members would cost time for nothing.
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

    // The edges of one caller already listed (a caller lists each callee and kind once): a stamp per callee and kind,
    // the caller's id, so that nothing is cleared between callers.
    private sealed class EdgeSet
    {
        private int[] _stamps = Array.Empty<int>();

        internal bool Add(int caller, int target, EdgeKind kind)
        {
            var slot = (target * 4) + (int)kind;
            if (slot >= _stamps.Length)
            {
                var grown = new int[Math.Max(slot + 1, _stamps.Length * 2)];
                Array.Fill(grown, -1);
                _stamps.CopyTo(grown, 0);
                _stamps = grown;
            }

            if (_stamps[slot] == caller)
            {
                return false;
            }

            _stamps[slot] = caller;
            return true;
        }
    }

    // A member reference resolved: the method it names (and its node), the type whose static constructor using it runs,
    // the compiler's methods constructing it or instantiating it with a state machine reaches, its dispatch node.
    private sealed class Callee
    {
        internal MethodDefinition? Target { get; set; }

        internal int Node { get; set; } = -1;

        internal TypeDefinition? Holder { get; set; }

        internal int StaticConstructor { get; set; } = -1;

        internal int[] Generated { get; set; } = Array.Empty<int>();

        internal int[] StateMachines { get; set; } = Array.Empty<int>();

        internal (int Node, EdgeKind Kind)? Dispatch { get; set; }
    }
}
