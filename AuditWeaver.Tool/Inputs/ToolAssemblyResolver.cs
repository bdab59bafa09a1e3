using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using AuditWeaver.Fody.Applications;
using AuditWeaver.Fody.Validation;
using Mono.Cecil;

namespace AuditWeaver.Tool.Inputs;

/// <summary>
/// Resolves references outside Fody, in this order: the input's folder and any --reference folders, the shared
/// framework, the reference pack. Every reference it could not find is remembered, so that an assembly the engine could
/// not fully inspect fails with the name of what is missing instead of being woven on partial knowledge. A scan shares
/// one resolver between its threads: each name is read once, what could not be found is remembered per thread (each
/// thread works on one assembly at a time), and the scanned assemblies themselves are handed out (<see cref="Share"/>)
/// instead of a second copy of each.
/// </summary>
internal sealed class ToolAssemblyResolver : IAssemblyResolver
{
    private readonly IReadOnlyList<string> _directories;
    private readonly ConcurrentDictionary<string, Lazy<Found>> _cache = new(StringComparer.OrdinalIgnoreCase);
    private readonly ThreadLocal<HashSet<string>> _missing = new(() => new HashSet<string>(StringComparer.Ordinal));
    private readonly ThreadLocal<HashSet<string>> _damaged = new(() => new HashSet<string>(StringComparer.Ordinal));

    internal ToolAssemblyResolver(IEnumerable<string> directories)
    {
        _directories = directories.Where(Directory.Exists).Distinct().ToList();
    }

    /// <summary>Where references are looked for, in order.</summary>
    internal IReadOnlyList<string> Directories => _directories;

    /// <summary>Takes and clears the damaged files (path and what is damaged) this thread passed over since its last call.</summary>
    internal IReadOnlyList<string> TakeDamaged() => Take(_damaged.Value!);

    /// <summary>Takes and clears the names of the references this thread could not find since its last call.</summary>
    internal IReadOnlyList<string> TakeMissing() => Take(_missing.Value!);

    public AssemblyDefinition Resolve(AssemblyNameReference name) => Resolve(name, new ReaderParameters());

    public AssemblyDefinition Resolve(AssemblyNameReference name, ReaderParameters parameters)
    {
        var assembly = _cache.GetOrAdd(name.Name, key => new Lazy<Found>(() => Find(key))).Value.Assembly;
        if (assembly == null)
        {
            _missing.Value!.Add(name.FullName);
            throw new AssemblyResolutionException(name);
        }

        return assembly;
    }

    /// <summary>
    /// The module of the file at <paramref name="path"/>, read once for the resolver and the scan: the copy this resolver
    /// already holds when <paramref name="reuse"/> allows it (no debug symbols wanted), or the one <paramref name="read"/>
    /// makes, which it then hands out for the file's name. Only for modules nobody changes (a scan), and only when the
    /// file is what the resolver finds for its name.
    /// </summary>
    internal ModuleDefinition Share(string path, bool reuse, Func<ModuleDefinition> read)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        if (!SamePath(FirstCandidate(name), path))
        {
            return read();
        }

        if (reuse && _cache.TryGetValue(name, out var cached) && cached.IsValueCreated && cached.Value is { Assembly: { } assembly } found && SamePath(found.Path, path))
        {
            return assembly.MainModule;
        }

        var module = read();
        var made = new Lazy<Found>(() => new Found(module.Assembly, path));
        _ = made.Value;
        _cache.TryAdd(name, made);
        return module;
    }

    public void Dispose()
    {
        foreach (var found in _cache.Values.Where(f => f.IsValueCreated))
        {
            found.Value.Assembly?.Dispose();
        }

        _cache.Clear();
        _missing.Dispose();
        _damaged.Dispose();
    }

    private static IReadOnlyList<string> Take(HashSet<string> names)
    {
        var taken = names.OrderBy(m => m, StringComparer.Ordinal).ToList();
        names.Clear();
        return taken;
    }

    private static bool SamePath(string? a, string b) =>
        a != null && string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.Ordinal);

    // The file Find would try first for a name.
    private string? FirstCandidate(string name) =>
        _directories.SelectMany(d => new[] { Path.Combine(d, name + ".dll"), Path.Combine(d, name + ".exe") }).FirstOrDefault(File.Exists);

    private Found Find(string name)
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
                        _damaged.Value!.Add(path + " (" + damage.TrimEnd('.') + ")");
                        continue;
                    }

                    return new Found(AssemblyDefinition.ReadAssembly(path, new ReaderParameters { AssemblyResolver = this, ReadingMode = ReadingMode.Deferred, InMemory = true }), path);
                }
                catch (Exception exception) when (exception is BadImageFormatException or IOException or UnauthorizedAccessException)
                {
                    // A native library, a file that is not a PE file or one that cannot be opened, with the right name: keep looking.
                }
            }
        }

        return new Found(null, null);
    }

    // What a name resolved to, and from which file; nothing when no file of that name could be read.
    private sealed record Found(AssemblyDefinition? Assembly, string? Path);
}
