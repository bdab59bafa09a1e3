using System;
using System.Collections.Generic;
using Mono.Cecil;

namespace AuditWeaver.Tool.Scanning;

/// <summary>
/// The call graph's nodes for the methods of the scanned modules: one integer per method, the module's first id plus
/// the method's row in its metadata table, so that no name is built for any of the millions of calls a few hundred
/// packages make. A callee resolved through the tool's resolver is a method of another copy of a scanned file; the
/// same file (same MVID) gives the same row, and another file of the same assembly name is matched by full name.
/// </summary>
internal sealed class MethodNodes
{
    private const int NotScanned = int.MinValue;
    private readonly ModuleDefinition[] _modules;
    private readonly int[] _first;
    private readonly MethodDefinition?[] _methods;
    private readonly int[] _assemblyOf;
    private readonly Dictionary<string, int> _byName = new(StringComparer.Ordinal);

    // A module of the resolver: the index of the scanned module it is a copy of, or its complement for another file of that name.
    private readonly Dictionary<ModuleDefinition, int> _copies = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, int>?[] _byFullName;
    private readonly int[][] _inOrder;

    internal MethodNodes(IReadOnlyList<ModuleDefinition> modules, Func<ModuleDefinition, IReadOnlyList<MethodDefinition>> methodsOf)
    {
        _modules = new ModuleDefinition[modules.Count];
        _first = new int[modules.Count + 1];
        _byFullName = new Dictionary<string, int>?[modules.Count];
        _inOrder = new int[modules.Count][];
        for (var i = 0; i < modules.Count; i++)
        {
            _modules[i] = modules[i];
            var rows = 0;
            foreach (var method in methodsOf(modules[i]))
            {
                rows = method.MetadataToken.TokenType == TokenType.Method ? Math.Max(rows, (int)method.MetadataToken.RID) : rows;
            }

            _first[i + 1] = _first[i] + rows;
            _byName[modules[i].Assembly.Name.Name] = i;
            _copies[modules[i]] = i;
        }

        _methods = new MethodDefinition?[_first[modules.Count]];
        _assemblyOf = new int[_methods.Length];
        for (var i = 0; i < modules.Count; i++)
        {
            Array.Fill(_assemblyOf, i, _first[i], _first[i + 1] - _first[i]);
            var order = new List<int>();
            foreach (var method in methodsOf(modules[i]))
            {
                var row = (int)method.MetadataToken.RID;
                if (method.MetadataToken.TokenType == TokenType.Method && row >= 1 && _methods[_first[i] + row - 1] == null)
                {
                    _methods[_first[i] + row - 1] = method;
                    order.Add(_first[i] + row - 1);
                }
            }

            _inOrder[i] = order.ToArray();
        }
    }

    /// <summary>How many ids there are; every id below this is a method slot (empty for rows that are not a scanned method).</summary>
    internal int Count => _methods.Length;

    internal int ModuleCount => _modules.Length;

    /// <summary>The method ids of a scanned module in the order its types and their methods are listed.</summary>
    internal IReadOnlyList<int> InOrder(int module) => _inOrder[module];

    internal ModuleDefinition Module(int index) => _modules[index];

    internal MethodDefinition? Method(int id) => _methods[id];

    /// <summary>The index of the scanned module a method id belongs to.</summary>
    internal int AssemblyOf(int id) => _assemblyOf[id];

    /// <summary>The id of a method defined in scanned module <paramref name="module"/> with metadata token <paramref name="token"/>, or -1.</summary>
    internal int ByToken(int module, int token)
    {
        var row = token & 0x00FFFFFF;
        var id = _first[module] + row - 1;
        return (token >> 24) == (int)TokenType.Method >> 24 && row >= 1 && id < _first[module + 1] && _methods[id] != null ? id : -1;
    }

    /// <summary>The id of a method of a scanned module or of a copy of one, or -1 when it is none of theirs.</summary>
    internal int Of(MethodDefinition method)
    {
        var module = method.Module;
        if (module == null)
        {
            return -1;
        }

        if (!_copies.TryGetValue(module, out var index))
        {
            index = module.Assembly == null || !_byName.TryGetValue(module.Assembly.Name.Name, out var scanned) ? NotScanned
                : module.Mvid == _modules[scanned].Mvid ? scanned : ~scanned;
            _copies[module] = index;
        }

        if (index == NotScanned)
        {
            return -1;
        }

        // The same file has the same rows.
        if (index >= 0 && ByToken(index, method.MetadataToken.ToInt32()) is var id and >= 0)
        {
            return id;
        }

        return ByFullName(index >= 0 ? index : ~index, method.FullName);
    }

    private int ByFullName(int module, string fullName)
    {
        var names = _byFullName[module];
        if (names == null)
        {
            _byFullName[module] = names = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var id = _first[module]; id < _first[module + 1]; id++)
            {
                if (_methods[id] is { } method)
                {
                    names[method.FullName] = id;
                }
            }
        }

        return names.TryGetValue(fullName, out var found) ? found : -1;
    }
}
