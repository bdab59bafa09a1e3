using System;
using System.Collections.Generic;
using System.Linq;
using AuditWeaver.Fody.Engine;

namespace AuditWeaver.Tool.Scanning;

/// <summary>
/// For each scanned assembly, the categories it reaches only through other assemblies, each with one shortest example
/// path: a breadth-first search of the call graph from all of the assembly's methods at once, stopped once every
/// category another assembly has is found. Dispatch reaches only the implementations of the assembly's own dependency
/// closure, so each assembly has its own search; the state of a search is a few arrays over the node ids, reused.
/// </summary>
internal sealed class IndirectSearch
{
    private readonly CallGraph _graph;
    private readonly MethodNodes _nodes;
    private readonly string[] _names;
    private readonly Dictionary<int, List<WovenSite>> _sites = new();
    private readonly int[] _visited;
    private readonly int[] _previous;
    private readonly EdgeKind[] _via;
    private readonly int[] _queue;
    private int _search;

    internal IndirectSearch(CallGraph graph)
    {
        _graph = graph;
        _nodes = graph.Nodes;
        _names = Enumerable.Range(0, _nodes.ModuleCount).Select(i => _nodes.Module(i).Assembly.Name.Name).ToArray();
        for (var i = 0; i < graph.Assemblies.Count; i++)
        {
            foreach (var site in graph.Assemblies[i].Result!.Sites)
            {
                // The sites of an assembly name belong to the module the call graph knows by that name.
                var id = _nodes.ByToken(Array.LastIndexOf(_names, _names[i]), site.MethodToken);
                if (id >= 0)
                {
                    if (!_sites.TryGetValue(id, out var list))
                    {
                        _sites[id] = list = new List<WovenSite>();
                    }

                    list.Add(site);
                }
            }
        }

        _visited = new int[graph.Count];
        _previous = new int[graph.Count];
        _via = new EdgeKind[graph.Count];
        _queue = new int[graph.Count];
    }

    internal List<IndirectCapability> FindAll()
    {
        var found = new List<IndirectCapability>();
        for (var i = 0; i < _graph.Assemblies.Count; i++)
        {
            var assembly = _graph.Assemblies[i];
            var direct = assembly.Result!.Sites.Select(s => s.Category).ToHashSet(StringComparer.Ordinal);

            // Only categories some other assembly has can be reached; once all are found, the search stops.
            var reachable = _sites.Where(s => _names[_nodes.AssemblyOf(s.Key)] != assembly.Name).SelectMany(s => s.Value).Select(s => s.Category).Where(c => !direct.Contains(c)).ToHashSet(StringComparer.Ordinal);
            // Each assembly's methods in the order its types list them (the start order decides which shortest path is shown).
            var own = _nodes.InOrder(i);
            if (reachable.Count == 0 || own.Count == 0)
            {
                continue;
            }

            Search(i, own, reachable, found);
        }

        return found;
    }

    // Breadth first from all of the assembly's methods at once, so the first path found to a capability is a shortest one.
    private void Search(int assembly, IReadOnlyList<int> own, HashSet<string> reachable, List<IndirectCapability> found)
    {
        var name = _names[assembly];

        // Dispatch reaches only the implementations of assemblies this one depends on: an object of a type it cannot
        // name, from a package it does not use, never reaches it (Serilog does not dispose of CliWrap's types).
        var closure = Closure(assembly);
        var search = ++_search;
        int head = 0, tail = 0;
        foreach (var id in own)
        {
            _visited[id] = search;
            _previous[id] = -1;
            _queue[tail++] = id;
        }

        while (head < tail && reachable.Count > 0)
        {
            var current = _queue[head++];
            if (_names[_nodes.AssemblyOf(current)] != name && _sites.TryGetValue(current, out var sites))
            {
                foreach (var site in sites.Where(s => reachable.Remove(s.Category)))
                {
                    var (path, via) = Path(current);
                    found.Add(new IndirectCapability(name, site.Category, _names[_nodes.AssemblyOf(current)], path.Append(site.Api).ToList(), via, site));
                }
            }

            for (var edge = _graph.Start[current]; edge < _graph.Start[current + 1]; edge++)
            {
                var next = _graph.Targets[edge];
                var kind = _graph.Kinds[edge];
                if (_graph.DispatchedTo(next) is { } implementations)
                {
                    // The implementations are the callees of the call, reached the way the dispatch was.
                    foreach (var implementation in implementations)
                    {
                        if (implementation < _nodes.Count && closure[_nodes.AssemblyOf(implementation)] && Visit(implementation, search, current, kind))
                        {
                            _queue[tail++] = implementation;
                        }
                    }
                }
                else if (next < _nodes.Count && (kind == EdgeKind.Direct || closure[_nodes.AssemblyOf(next)]) && Visit(next, search, current, kind))
                {
                    _queue[tail++] = next;
                }
            }
        }
    }

    private bool Visit(int node, int search, int from, EdgeKind kind)
    {
        if (_visited[node] == search || _nodes.Method(node) == null)
        {
            return false;
        }

        _visited[node] = search;
        _previous[node] = from;
        _via[node] = kind;
        return true;
    }

    // The assembly and every scanned assembly it references, directly or through others (by name, as references are).
    private bool[] Closure(int assembly)
    {
        var names = new HashSet<string>(StringComparer.Ordinal) { _names[assembly] };
        var pending = new Stack<int>();
        pending.Push(assembly);
        while (pending.Count > 0)
        {
            foreach (var reference in _nodes.Module(pending.Pop()).AssemblyReferences)
            {
                var index = Array.LastIndexOf(_names, reference.Name);
                if (index >= 0 && names.Add(reference.Name))
                {
                    pending.Push(index);
                }
            }
        }

        return _names.Select(names.Contains).ToArray();
    }

    // The methods from the start to `last`, and how each after the first was reached.
    private (List<string> Path, List<EdgeKind> Via) Path(int last)
    {
        var path = new List<string>();
        var via = new List<EdgeKind>();
        for (var id = last; id >= 0; id = _previous[id])
        {
            path.Add(CallerNames.Describe(_nodes.Method(id)!));
            if (_previous[id] >= 0)
            {
                via.Add(_via[id]);
            }
        }

        path.Reverse();
        via.Reverse();
        return (path, via);
    }
}
