using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace AuditWeaver.Tool.Inputs;

/// <summary>
/// Where the framework's assemblies are: the shared frameworks an application folder runs on (read from its
/// <c>*.runtimeconfig.json</c>; the newest installed version stands in for one that is not installed) and the reference
/// pack. References are resolved there, and framework assemblies found in a folder are not woven.
/// </summary>
internal sealed class FrameworkLocator
{
    private const string NetCoreApp = "Microsoft.NETCore.App";

    private FrameworkLocator(IReadOnlyList<string> sharedFrameworks, string? referencePack)
    {
        SharedFrameworkDirectories = sharedFrameworks;
        ReferencePackDirectory = referencePack;
        FileNames = new HashSet<string>(
            sharedFrameworks.SelectMany(d => Directory.EnumerateFiles(d, "*.dll")).Select(Path.GetFileName).OfType<string>(),
            StringComparer.OrdinalIgnoreCase);
    }

    internal IReadOnlyList<string> SharedFrameworkDirectories { get; }

    internal string? ReferencePackDirectory { get; }

    /// <summary>The file names of every assembly in the shared frameworks (System.Text.Json.dll, ...).</summary>
    internal ISet<string> FileNames { get; }

    /// <summary>The frameworks the application in <paramref name="folder"/> names, or the one this tool runs on.</summary>
    internal static FrameworkLocator For(string folder)
    {
        // <dotnet>/shared/Microsoft.NETCore.App/<version>/
        var running = RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar);
        var shared = Path.GetDirectoryName(Path.GetDirectoryName(running))!;
        var root = Path.GetDirectoryName(shared)!;
        var names = FrameworkNames(folder);
        var directories = names
            .Select(name => Newest(Path.Combine(shared, name)))
            .OfType<string>()
            .DefaultIfEmpty(running)
            .Distinct()
            .ToList();
        var referencePack = Newest(Path.Combine(root, "packs", NetCoreApp + ".Ref")) is { } pack
            ? Directory.EnumerateDirectories(Path.Combine(pack, "ref")).OrderByDescending(d => d, StringComparer.Ordinal).FirstOrDefault()
            : null;
        return new FrameworkLocator(directories, referencePack);
    }

    private static IEnumerable<string> FrameworkNames(string folder)
    {
        var names = new List<string> { NetCoreApp };
        foreach (var file in Directory.EnumerateFiles(folder, "*.runtimeconfig.json"))
        {
            try
            {
                using var document = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
                if (!document.RootElement.TryGetProperty("runtimeOptions", out var options))
                {
                    continue;
                }

                var frameworks = options.TryGetProperty("frameworks", out var list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray().ToList() : new List<JsonElement>();
                if (options.TryGetProperty("framework", out var single))
                {
                    frameworks.Add(single);
                }

                names.AddRange(frameworks.Where(f => f.ValueKind == JsonValueKind.Object && f.TryGetProperty("name", out _)).Select(f => f.GetProperty("name").GetString()).OfType<string>());
            }
            catch (JsonException)
            {
                // A damaged runtimeconfig only costs the extra frameworks it would have named; the app's own files still weave.
            }
        }

        return names.Distinct(StringComparer.Ordinal);
    }

    private static string? Newest(string directory) =>
        Directory.Exists(directory)
            ? Directory.EnumerateDirectories(directory)
                .Select(d => (Path: d, Version: Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : null))
                .Where(d => d.Version != null)
                .OrderByDescending(d => d.Version)
                .Select(d => d.Path)
                .FirstOrDefault()
            : null;
}
