using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using AuditWeaver.Tool.CommandLine;

namespace AuditWeaver.Tool.Scanning;

/// <summary>A library of a restore's target: a package or a project, with the names of the libraries it depends on.</summary>
internal sealed record AssetsLibrary(string Key, string Name, string Version, string Type, IReadOnlyList<string> Dependencies, JsonElement Value, string Where)
{
    internal bool IsProject => Type == "project";
}

/// <summary>
/// One target of a restore read into what the build would copy from packages: each package's runtime items; on the
/// portable target also its runtime-specific items (<c>runtimeTargets</c> of asset type runtime, copied to
/// runtimes/&lt;rid&gt;/lib/...), each found in the package folders the restore names; the shared frameworks the
/// project and its packages reference; the projects it references, with the package chains that bring each package.
/// </summary>
internal static class AssetsTargetReader
{
    internal static AssetsTarget Read(AssetsFile file, ChosenTarget chosen)
    {
        var where = AssetsJson.Index("targets", chosen.Key);
        var libraries = new Dictionary<string, AssetsLibrary>(StringComparer.OrdinalIgnoreCase);
        foreach (var library in AssetsJson.Properties(AssetsJson.RequiredObject(file.Root, "targets", string.Empty).GetProperty(chosen.Key), where))
        {
            var libraryWhere = AssetsJson.Index(where, library.Name);
            var slash = library.Name.IndexOf('/', StringComparison.Ordinal);
            var (name, version) = slash < 0 ? (library.Name, string.Empty) : (library.Name.Substring(0, slash), library.Name.Substring(slash + 1));
            AssetsJson.InsidePath(name, libraryWhere);
            var value = AssetsJson.Object(library.Value, libraryWhere);
            var dependencies = AssetsJson.Properties(AssetsJson.OptionalObject(value, "dependencies", libraryWhere), AssetsJson.Join(libraryWhere, "dependencies")).Select(d => d.Name).ToList();
            var type = AssetsJson.RequiredString(value, "type", libraryWhere);
            libraries[name] = new AssetsLibrary(library.Name, name, version, type, dependencies, value, libraryWhere);
        }

        var via = DependencyPaths.Find(file.DirectDependencies(chosen.Framework), libraries);
        var assemblies = new List<PackageAssembly>();
        var projects = new List<ReferencedProject>();
        var sharedFrameworks = new List<string>(file.FrameworkReferences(chosen.Framework));
        foreach (var library in libraries.Values)
        {
            if (library.IsProject)
            {
                projects.Add(new ReferencedProject(library.Name, file.ProjectPathOf(library.Key), via.TryGetValue(library.Name, out var chain) ? chain : null));
                continue;
            }

            // A package can bring a shared framework of its own (Serilog.AspNetCore brings ASP.NET Core).
            sharedFrameworks.AddRange(AssetsJson.Strings(library.Value, "frameworkReferences", library.Where).Where(f => !sharedFrameworks.Contains(f, StringComparer.Ordinal)));
            if (library.Type != "package")
            {
                continue;
            }

            var items = AssetsJson.Properties(AssetsJson.OptionalObject(library.Value, "runtime", library.Where), AssetsJson.Join(library.Where, "runtime"))
                .Select(i => (Item: i.Name, Runtime: RuntimeOfPath(i.Name)))
                .Concat(chosen.Runtime == null ? RuntimeTargets(library) : Enumerable.Empty<(string Item, string? Runtime)>())
                .Where(i => Path.GetFileName(i.Item) != "_._" && i.Item.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
                .Select(i => (Item: AssetsJson.InsidePath(i.Item, library.Where), i.Runtime))
                .ToList();
            if (items.Count == 0)
            {
                continue;
            }

            var folder = file.PackageFolder(library);
            foreach (var (item, runtime) in items)
            {
                var path = Path.Combine(folder, item);
                if (!File.Exists(path))
                {
                    throw new UsageException(file.Path + ": package " + library.Name + " " + library.Version + " in " + folder + " lacks " + item
                        + ", which the restore lists; the package folder is incomplete: delete it and run " + ProjectAssets.Restore(file.Project) + " again.");
                }

                assemblies.Add(new PackageAssembly(library.Name, library.Version, item, path, runtime, via.TryGetValue(library.Name, out var chain) ? chain : null, chosen.Key));
            }
        }

        return new AssetsTarget(chosen, assemblies, sharedFrameworks, projects);
    }

    // The runtime-specific assemblies of a package (runtimes/win/lib/net8.0/X.dll), which a portable build copies beside the
    // portable one for the host to choose from at start-up.
    private static IEnumerable<(string Item, string? Runtime)> RuntimeTargets(AssetsLibrary library)
    {
        var where = AssetsJson.Join(library.Where, "runtimeTargets");
        foreach (var item in AssetsJson.Properties(AssetsJson.OptionalObject(library.Value, "runtimeTargets", library.Where), where))
        {
            var itemWhere = AssetsJson.Index(where, item.Name);
            var value = AssetsJson.Object(item.Value, itemWhere);
            if (AssetsJson.RequiredString(value, "assetType", itemWhere) == "runtime")
            {
                yield return (item.Name, AssetsJson.OptionalString(value, "rid", itemWhere) ?? RuntimeOfPath(item.Name));
            }
        }
    }

    // runtimes/linux-x64/lib/net10.0/X.dll is linux-x64's; lib/net10.0/X.dll is every runtime's.
    private static string? RuntimeOfPath(string item)
    {
        var parts = item.Split('/');
        return parts.Length > 2 && parts[0] == "runtimes" ? parts[1] : null;
    }
}
