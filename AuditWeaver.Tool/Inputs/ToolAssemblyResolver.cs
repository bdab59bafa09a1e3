using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AuditWeaver.Fody.Applications;
using AuditWeaver.Fody.Validation;
using Mono.Cecil;

namespace AuditWeaver.Tool.Inputs;

/// <summary>
/// Resolves references outside Fody, in this order: the input's folder and any --reference folders, the shared
/// framework, the reference pack. Every reference it could not find is remembered, so that an assembly the engine could
/// not fully inspect fails with the name of what is missing instead of being woven on partial knowledge.
/// </summary>
internal sealed class ToolAssemblyResolver : IAssemblyResolver
{
    private readonly IReadOnlyList<string> _directories;
    private readonly Dictionary<string, AssemblyDefinition?> _cache = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _missing = new(StringComparer.Ordinal);
    private readonly HashSet<string> _damaged = new(StringComparer.Ordinal);

    internal ToolAssemblyResolver(IEnumerable<string> directories)
    {
        _directories = directories.Where(Directory.Exists).Distinct().ToList();
    }

    /// <summary>Where references are looked for, in order.</summary>
    internal IReadOnlyList<string> Directories => _directories;

    /// <summary>Takes and clears the damaged files (path and what is damaged) passed over since the last call.</summary>
    internal IReadOnlyList<string> TakeDamaged()
    {
        var damaged = _damaged.OrderBy(m => m, StringComparer.Ordinal).ToList();
        _damaged.Clear();
        return damaged;
    }

    /// <summary>Takes and clears the names of the references that could not be found since the last call.</summary>
    internal IReadOnlyList<string> TakeMissing()
    {
        var missing = _missing.OrderBy(m => m, StringComparer.Ordinal).ToList();
        _missing.Clear();
        return missing;
    }

    public AssemblyDefinition Resolve(AssemblyNameReference name) => Resolve(name, new ReaderParameters());

    public AssemblyDefinition Resolve(AssemblyNameReference name, ReaderParameters parameters)
    {
        if (!_cache.TryGetValue(name.Name, out var assembly))
        {
            assembly = Find(name.Name);
            _cache.Add(name.Name, assembly);
        }

        if (assembly == null)
        {
            _missing.Add(name.FullName);
            throw new AssemblyResolutionException(name);
        }

        return assembly;
    }

    public void Dispose()
    {
        foreach (var assembly in _cache.Values)
        {
            assembly?.Dispose();
        }

        _cache.Clear();
    }

    private AssemblyDefinition? Find(string name)
    {
        foreach (var directory in _directories)
        {
            foreach (var extension in new[] { ".dll", ".exe" })
            {
                var path = Path.Combine(directory, name + extension);
                if (!File.Exists(path))
                {
                    continue;
                }

                try
                {
                    // Cecil reads a reference's metadata lazily, mid-weave: a damaged one is refused here, and named.
                    if (PortableExecutableProbe.HasCliHeader(path) && ImageValidator.Validate(path, metadataOnly: true) is { } damage)
                    {
                        _damaged.Add(path + " (" + damage.TrimEnd('.') + ")");
                        continue;
                    }

                    return AssemblyDefinition.ReadAssembly(path, new ReaderParameters { AssemblyResolver = this, ReadingMode = ReadingMode.Deferred, InMemory = true });
                }
                catch (Exception exception) when (exception is BadImageFormatException or IOException or UnauthorizedAccessException)
                {
                    // A native library, a file that is not a PE file or one that cannot be opened, with the right name: keep looking.
                }
            }
        }

        return null;
    }
}
