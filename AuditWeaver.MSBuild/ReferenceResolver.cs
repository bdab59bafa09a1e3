using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Mono.Cecil;

namespace AuditWeaver.MSBuild;

/// <summary>
/// Resolves a dependency's references from the files the build already resolved: the assemblies the app runs with
/// (copy-local files, runtime pack) first, then what the compiler referenced (reference packs). Nothing is looked for
/// anywhere else, so a weave sees the same assemblies the app does.
/// </summary>
internal sealed class ReferenceResolver : IAssemblyResolver
{
    private readonly Dictionary<string, string> _paths = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, AssemblyDefinition> _read = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="pathsInOrder">Assembly files, the preferred ones first; for a name seen twice the first wins.</param>
    internal ReferenceResolver(IEnumerable<string> pathsInOrder)
    {
        foreach (var path in pathsInOrder.Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            if (!_paths.ContainsKey(name) && File.Exists(path))
            {
                _paths.Add(name, path);
            }
        }
    }

    public AssemblyDefinition Resolve(AssemblyNameReference name) => Resolve(name, new ReaderParameters());

    public AssemblyDefinition Resolve(AssemblyNameReference name, ReaderParameters parameters)
    {
        if (_read.TryGetValue(name.Name, out var assembly))
        {
            return assembly;
        }

        if (!_paths.TryGetValue(name.Name, out var path))
        {
            throw new AssemblyResolutionException(name);
        }

        assembly = AssemblyDefinition.ReadAssembly(path, new ReaderParameters { AssemblyResolver = this, InMemory = true });
        _read.Add(name.Name, assembly);
        return assembly;
    }

    public void Dispose()
    {
        foreach (var assembly in _read.Values)
        {
            assembly.Dispose();
        }

        _read.Clear();
    }
}
