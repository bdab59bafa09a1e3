using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace AuditWeaver.Tool.Inputs;

/// <summary>
/// What the <c>*.runtimeconfig.json</c> files of an application folder say: the shared frameworks the app runs on, where
/// references are resolved, and its target framework, which picks the runtime build a woven folder gets. A file that
/// cannot be used is passed over with a problem that names it: the app's own assemblies still weave without it.
/// </summary>
internal sealed class RuntimeConfigFiles
{
    private RuntimeConfigFiles(IReadOnlyList<string> paths, IReadOnlyList<string> frameworkNames, IReadOnlyList<string> targetFrameworks, IReadOnlyList<string> problems)
    {
        Paths = paths;
        FrameworkNames = frameworkNames;
        TargetFrameworks = targetFrameworks;
        Problems = problems;
    }

    /// <summary>Every runtimeconfig file in the folder, read or not.</summary>
    internal IReadOnlyList<string> Paths { get; }

    /// <summary>The frameworks named (Microsoft.NETCore.App, Microsoft.AspNetCore.App, ...), in file order.</summary>
    internal IReadOnlyList<string> FrameworkNames { get; }

    /// <summary>The target framework monikers (<c>net8.0</c>, ...).</summary>
    internal IReadOnlyList<string> TargetFrameworks { get; }

    /// <summary>One line per file that was passed over, naming it.</summary>
    internal IReadOnlyList<string> Problems { get; }

    internal static RuntimeConfigFiles Read(string folder)
    {
        var names = new List<string>();
        var monikers = new List<string>();
        var problems = new List<string>();
        var paths = Directory.EnumerateFiles(folder, "*.runtimeconfig.json").OrderBy(f => f, StringComparer.Ordinal).ToList();
        foreach (var file in paths)
        {
            // Only a file read whole counts: half of one would be a guess.
            if (HostJsonFile.TryRead(file, Frameworks, out var read, out var problem))
            {
                names.AddRange(read.Names);
                if (read.Moniker != null)
                {
                    monikers.Add(read.Moniker);
                }
            }
            else
            {
                problems.Add(problem);
            }
        }

        return new RuntimeConfigFiles(paths, names.Distinct(StringComparer.Ordinal).ToList(), monikers, problems);
    }

    // runtimeOptions: {"tfm": "net8.0", "framework": {"name": ...}} or, for more than one, "frameworks": [{"name": ...}, ...].
    private static (IReadOnlyList<string> Names, string? Moniker) Frameworks(JsonElement root)
    {
        if (!root.TryGetProperty("runtimeOptions", out var options))
        {
            return (Array.Empty<string>(), null);
        }

        var frameworks = options.TryGetProperty("frameworks", out var list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray().ToList() : new List<JsonElement>();
        if (options.TryGetProperty("framework", out var single))
        {
            frameworks.Add(single);
        }

        var names = frameworks.Where(f => f.ValueKind == JsonValueKind.Object && f.TryGetProperty("name", out _)).Select(f => f.GetProperty("name").GetString()).OfType<string>().ToList();
        return (names, options.TryGetProperty("tfm", out var tfm) ? tfm.GetString() : null);
    }
}
