using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using AuditWeaver.Tool.CommandLine;

namespace AuditWeaver.Tool.Scanning;

/// <summary>A runtime assembly of a package, as a restore resolved it.</summary>
internal sealed record PackageAssembly(string Package, string Version, string Item, string FullPath);

/// <summary>The runtime assemblies one target framework of a project copies from its packages, and the shared frameworks it names.</summary>
internal sealed record AssetsTarget(string Framework, IReadOnlyList<PackageAssembly> Assemblies, IReadOnlyList<string> FrameworkReferences, IReadOnlyList<string> ProjectReferences);

/// <summary>
/// A project's restore (obj/project.assets.json), read without building: for each target framework (the targets without a
/// runtime identifier), each package's runtime items, found in the package folders the restore names. This is what the
/// build copies next to the app (before the SDK drops package assemblies the shared framework also has, which the scan
/// passes over as framework assemblies).
/// </summary>
internal static class ProjectAssets
{
    internal static bool Handles(string input) =>
        File.Exists(input) && (Path.GetFileName(input).Equals("project.assets.json", StringComparison.OrdinalIgnoreCase)
            || Path.GetExtension(input).ToLowerInvariant() is ".csproj" or ".fsproj" or ".vbproj");

    /// <summary>The assets file of <paramref name="input"/> (a project file or the assets file itself); a usage error saying to restore when there is none.</summary>
    internal static string Locate(string input)
    {
        var full = Path.GetFullPath(input);
        if (Path.GetFileName(full).Equals("project.assets.json", StringComparison.OrdinalIgnoreCase))
        {
            return full;
        }

        var assets = Path.Combine(Path.GetDirectoryName(full)!, "obj", "project.assets.json");
        return File.Exists(assets)
            ? assets
            : throw new UsageException(input + ": the project has not been restored (no " + assets + "); run `dotnet restore " + input + "` first, then scan again.");
    }

    internal static IReadOnlyList<AssetsTarget> Read(string assetsPath, string input)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(assetsPath));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("targets", out var targets) || targets.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("libraries", out var libraries) || !root.TryGetProperty("packageFolders", out var folders))
            {
                throw Bad(assetsPath, input, "it has no targets, libraries or packageFolders");
            }

            var packageFolders = folders.EnumerateObject().Select(f => f.Name).ToList();
            var result = new List<AssetsTarget>();
            foreach (var target in targets.EnumerateObject().Where(t => !t.Name.Contains('/', StringComparison.Ordinal)))
            {
                var assemblies = new List<PackageAssembly>();
                var projects = new List<string>();
                var sharedFrameworks = new List<string>(FrameworkReferences(root, target.Name));
                foreach (var library in target.Value.EnumerateObject())
                {
                    var slash = library.Name.IndexOf('/', StringComparison.Ordinal);
                    var (id, version) = slash < 0 ? (library.Name, string.Empty) : (library.Name.Substring(0, slash), library.Name.Substring(slash + 1));
                    var type = library.Value.TryGetProperty("type", out var t) ? t.GetString() : null;
                    if (type == "project")
                    {
                        projects.Add(id);
                        continue;
                    }

                    // A package can bring a shared framework of its own (Serilog.AspNetCore brings ASP.NET Core).
                    if (library.Value.TryGetProperty("frameworkReferences", out var brought) && brought.ValueKind == JsonValueKind.Array)
                    {
                        sharedFrameworks.AddRange(brought.EnumerateArray().Select(f => f.GetString()!).Where(f => !sharedFrameworks.Contains(f)));
                    }

                    if (type != "package" || !library.Value.TryGetProperty("runtime", out var runtime))
                    {
                        continue;
                    }

                    var packagePath = libraries.TryGetProperty(library.Name, out var entry) && entry.TryGetProperty("path", out var p) ? p.GetString()! : library.Name.ToLowerInvariant();
                    foreach (var item in runtime.EnumerateObject().Select(i => i.Name).Where(i => Path.GetFileName(i) != "_._" && i.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)))
                    {
                        var found = packageFolders.Select(f => Path.Combine(f, packagePath, item)).FirstOrDefault(File.Exists)
                            ?? throw new UsageException(input + ": package " + id + " " + version + " is not in the package folders the restore names (" + string.Join(", ", packageFolders) + "): "
                                + item + " is missing; run `dotnet restore " + input + "` again.");
                        assemblies.Add(new PackageAssembly(id, version, item, found));
                    }
                }

                result.Add(new AssetsTarget(target.Name, assemblies, sharedFrameworks, projects));
            }

            return result.Count == 0 ? throw Bad(assetsPath, input, "it has no target framework") : result;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new UsageException(assetsPath + ": cannot be read (" + exception.Message.TrimEnd('.') + ").");
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw Bad(assetsPath, input, exception.Message.TrimEnd('.'));
        }
    }

    // project.frameworks names each target by its alias (net10.0) with the shared frameworks it references.
    private static IReadOnlyList<string> FrameworkReferences(JsonElement root, string target)
    {
        if (root.TryGetProperty("project", out var project) && project.TryGetProperty("frameworks", out var frameworks))
        {
            foreach (var framework in frameworks.EnumerateObject())
            {
                var alias = framework.Value.TryGetProperty("targetAlias", out var a) ? a.GetString() : framework.Name;
                if ((alias == target || framework.Name == target || NuGetShortName(target) == framework.Name) && framework.Value.TryGetProperty("frameworkReferences", out var references))
                {
                    return references.EnumerateObject().Select(r => r.Name).ToList();
                }
            }
        }

        return Array.Empty<string>();
    }

    // net10.0 is written ".NETCoreApp,Version=v10.0" in the targets of older assets files.
    private static string NuGetShortName(string target) =>
        target.StartsWith(".NETCoreApp,Version=v", StringComparison.Ordinal) ? "net" + target.Substring(".NETCoreApp,Version=v".Length) : target;

    private static UsageException Bad(string assetsPath, string input, string what) =>
        new(assetsPath + " is not a restore's assets file (" + what + "); run `dotnet restore " + input + "` to write it again.");
}
