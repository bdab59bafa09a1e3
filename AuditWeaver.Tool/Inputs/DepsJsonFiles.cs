using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AuditWeaver.Tool.Inputs;

/// <summary>
/// What the <c>*.deps.json</c> files of an application folder say, read once: which files a self-contained app took from
/// the runtime pack (framework assemblies, not the app's code), and each document as the host reads it, for a woven
/// folder to register the runtime in. A file that cannot be used is a problem that names it: a scan passes over it, a
/// weave cannot.
/// </summary>
internal sealed class DepsJsonFiles
{
    private DepsJsonFiles(IReadOnlyList<string> paths, IReadOnlyList<(string Path, JsonObject Document)> documents, ISet<string> runtimePackFileNames, IReadOnlyList<string> problems)
    {
        Paths = paths;
        Documents = documents;
        RuntimePackFileNames = runtimePackFileNames;
        Problems = problems;
    }

    /// <summary>Every deps.json file in the folder, read or not.</summary>
    internal IReadOnlyList<string> Paths { get; }

    /// <summary>Each file that could be read, with its document (the caller's to change).</summary>
    internal IReadOnlyList<(string Path, JsonObject Document)> Documents { get; }

    /// <summary>The file names of the assemblies marked <c>"type": "runtimepack"</c>.</summary>
    internal ISet<string> RuntimePackFileNames { get; }

    /// <summary>One line per file that could not be used, naming it.</summary>
    internal IReadOnlyList<string> Problems { get; }

    /// <summary>A single assembly has no deps.json of its own: the one beside it belongs to the app it came from.</summary>
    internal static DepsJsonFiles None { get; } = new(Array.Empty<string>(), Array.Empty<(string, JsonObject)>(), new HashSet<string>(), Array.Empty<string>());

    internal static DepsJsonFiles Read(string folder)
    {
        var documents = new List<(string Path, JsonObject Document)>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var problems = new List<string>();
        var paths = Directory.EnumerateFiles(folder, "*.deps.json").OrderBy(f => f, StringComparer.Ordinal).ToList();
        foreach (var file in paths)
        {
            // Cloned, so that the document outlives the one it was read from.
            if (HostJsonFile.TryRead(file, root => (Assets: RuntimePackAssets(root), Document: JsonObject.Create(root.Clone())!), out var read, out var problem))
            {
                names.UnionWith(read.Assets);
                documents.Add((file, read.Document));
            }
            else
            {
                problems.Add(problem);
            }
        }

        return new DepsJsonFiles(paths, documents, names, problems);
    }

    // {"targets": {"<tfm>/<rid>": {"<library>": {"runtime": {"<path>": {}}}}}, "libraries": {"<library>": {"type": "runtimepack"}}}
    private static IReadOnlyList<string> RuntimePackAssets(JsonElement root)
    {
        if (!root.TryGetProperty("targets", out var targets) || !root.TryGetProperty("libraries", out var libraries))
        {
            return Array.Empty<string>();
        }

        var packs = libraries.EnumerateObject()
            .Where(l => l.Value.ValueKind == JsonValueKind.Object && l.Value.TryGetProperty("type", out var type) && type.GetString() == "runtimepack")
            .Select(l => l.Name)
            .ToHashSet(StringComparer.Ordinal);
        return targets.EnumerateObject().SelectMany(t => t.Value.EnumerateObject()).Where(l => packs.Contains(l.Name))
            .SelectMany(l => l.Value.TryGetProperty("runtime", out var runtime) ? runtime.EnumerateObject().Select(a => Path.GetFileName(a.Name)) : Enumerable.Empty<string>())
            .ToList();
    }
}
