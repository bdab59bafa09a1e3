using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using AuditWeaver.Tool.CommandLine;

namespace AuditWeaver.Tool.Scanning;

/// <summary>
/// A parsed project.assets.json and the lookups a target's reading needs beyond the target itself: the project's own
/// direct dependencies and shared frameworks per target framework (<c>projectFileDependencyGroups</c>,
/// <c>project.frameworks</c>), where each library lives (<c>libraries</c>, <c>packageFolders</c>).
/// </summary>
internal sealed class AssetsFile
{
    private readonly JsonElement _libraries;
    private readonly IReadOnlyList<string> _packageFolders;

    internal AssetsFile(string path, JsonElement root)
    {
        Path = path;
        Root = root;
        AssetsJson.RequiredObject(root, "targets", string.Empty);
        _libraries = AssetsJson.RequiredObject(root, "libraries", string.Empty);
        _packageFolders = AssetsJson.Properties(AssetsJson.RequiredObject(root, "packageFolders", string.Empty), "packageFolders").Select(f => f.Name).ToList();
        var restore = AssetsJson.OptionalObject(root, "project", string.Empty) is { } project ? AssetsJson.OptionalObject(project, "restore", "project") : null;
        Project = restore is { } r ? AssetsJson.OptionalString(r, "projectPath", "project.restore") : null;
    }

    internal string Path { get; }

    internal JsonElement Root { get; }

    /// <summary>The project the restore was made for (<c>project.restore.projectPath</c>), when the file says.</summary>
    internal string? Project { get; }

    /// <summary>
    /// The errors the restore logged (<c>NU1101: Unable to find package ...</c>): a failed restore still writes its assets
    /// file, without the packages it could not get.
    /// </summary>
    internal IReadOnlyList<string> RestoreErrors
    {
        get
        {
            if (!Root.TryGetProperty("logs", out var logs))
            {
                return Array.Empty<string>();
            }

            if (logs.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException("logs is not an array");
            }

            return logs.EnumerateArray()
                .Select((log, i) => (Log: AssetsJson.Object(log, "logs[" + i + "]"), Where: "logs[" + i + "]"))
                .Where(l => AssetsJson.OptionalString(l.Log, "level", l.Where) == "Error")
                .Select(l => (AssetsJson.OptionalString(l.Log, "code", l.Where) is { } code ? code + ": " : string.Empty) + AssetsJson.OptionalString(l.Log, "message", l.Where))
                .ToList();
        }
    }

    /// <summary>The targets' keys, <c>net10.0</c> or <c>net10.0/linux-x64</c>: the scan names its folders after them.</summary>
    internal IReadOnlyList<string> TargetKeys =>
        AssetsJson.Properties(AssetsJson.RequiredObject(Root, "targets", string.Empty), "targets")
            .Select(t => t.Name.Count(c => c == '/') <= 1 ? AssetsJson.InsidePath(t.Name, "targets") : throw new InvalidDataException("targets has \"" + t.Name + "\", which is no framework or framework/runtime"))
            .ToList();

    /// <summary>The names a target framework goes by: the target's key, its short name, the project's alias and framework name for it.</summary>
    internal IReadOnlyCollection<string> AliasesOf(string framework)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { framework, ShortName(framework) };
        if (FrameworkEntry(framework) is { } entry)
        {
            names.Add(entry.Name);
            names.Add(AssetsJson.OptionalString(entry.Value, "targetAlias", entry.Where) ?? entry.Name);
        }

        return names;
    }

    /// <summary>The shared frameworks the project references for <paramref name="framework"/> (Microsoft.AspNetCore.App...).</summary>
    internal IEnumerable<string> FrameworkReferences(string framework) =>
        FrameworkEntry(framework) is { } entry
            ? AssetsJson.Properties(AssetsJson.OptionalObject(entry.Value, "frameworkReferences", entry.Where), AssetsJson.Join(entry.Where, "frameworkReferences")).Select(r => r.Name)
            : Enumerable.Empty<string>();

    /// <summary>What the project references itself for <paramref name="framework"/>, packages and projects: <c>"Serilog &gt;= 4.3.0"</c> gives Serilog.</summary>
    internal IEnumerable<string> DirectDependencies(string framework)
    {
        var aliases = AliasesOf(framework);
        var groups = AssetsJson.OptionalObject(Root, "projectFileDependencyGroups", string.Empty);
        var group = AssetsJson.Properties(groups, "projectFileDependencyGroups").Select(g => g.Name).FirstOrDefault(aliases.Contains);
        return group == null ? Enumerable.Empty<string>() : AssetsJson.Strings(groups!.Value, group, "projectFileDependencyGroups").Select(d => d.Split(' ')[0]);
    }

    /// <summary>A referenced project's file, from the path the restore gives relative to the restored project.</summary>
    internal string ProjectPathOf(string key)
    {
        var entry = AssetsJson.OptionalObject(_libraries, key, "libraries");
        var where = AssetsJson.Index("libraries", key);
        var relative = entry is { } e ? AssetsJson.OptionalString(e, "msbuildProject", where) ?? AssetsJson.OptionalString(e, "path", where) : null;
        if (relative == null)
        {
            return key;
        }

        // The restore wrote obj/project.assets.json beside the project unless told otherwise.
        var projectFolder = Project != null ? System.IO.Path.GetDirectoryName(Project)! : System.IO.Path.GetDirectoryName(System.IO.Path.GetDirectoryName(Path))!;
        return System.IO.Path.GetFullPath(System.IO.Path.Combine(projectFolder, relative.Replace('\\', '/')));
    }

    /// <summary>The folder a package was restored into: the first of the package folders that has it.</summary>
    internal string PackageFolder(AssetsLibrary package)
    {
        var entry = AssetsJson.OptionalObject(_libraries, package.Key, "libraries");
        var where = AssetsJson.Index("libraries", package.Key);
        var relative = AssetsJson.InsidePath((entry is { } e ? AssetsJson.OptionalString(e, "path", where) : null) ?? package.Key.ToLowerInvariant(), AssetsJson.Join(where, "path"));
        var candidates = _packageFolders.Select(f => System.IO.Path.Combine(f, relative)).ToList();
        return candidates.FirstOrDefault(Directory.Exists)
            ?? throw new UsageException(Path + ": package " + package.Name + " " + package.Version + " is not in the package folders the restore names (no " + string.Join(" or ", candidates)
                + "); the NuGet cache was cleared, or the restore was made elsewhere: run " + ProjectAssets.Restore(Project) + " again.");
    }

    // project.frameworks names each target framework by its alias (net10.0), with the NuGet framework in "framework".
    private (string Name, JsonElement Value, string Where)? FrameworkEntry(string framework)
    {
        var frameworks = AssetsJson.OptionalObject(Root, "project", string.Empty) is { } project ? AssetsJson.OptionalObject(project, "frameworks", "project") : null;
        foreach (var entry in AssetsJson.Properties(frameworks, "project.frameworks"))
        {
            var where = AssetsJson.Index("project.frameworks", entry.Name);
            var value = AssetsJson.Object(entry.Value, where);
            var alias = AssetsJson.OptionalString(value, "targetAlias", where);
            var nuget = AssetsJson.OptionalString(value, "framework", where);
            if (entry.Name == framework || alias == framework || nuget == framework || entry.Name == ShortName(framework))
            {
                return (entry.Name, value, where);
            }
        }

        return null;
    }

    // net10.0 is written ".NETCoreApp,Version=v10.0" in the targets of older assets files.
    private static string ShortName(string target) =>
        target.StartsWith(".NETCoreApp,Version=v", StringComparison.Ordinal) ? "net" + target.Substring(".NETCoreApp,Version=v".Length) : target;
}
