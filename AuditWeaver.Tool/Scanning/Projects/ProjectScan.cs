using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using AuditWeaver.Tool.CommandLine;
using AuditWeaver.Tool.SingleFile;

namespace AuditWeaver.Tool.Scanning;

/// <summary>
/// <c>auditweaver scan project.csproj</c> (or its project.assets.json): the restored package closure, without a build.
/// Each chosen target's runtime assemblies are linked into a private folder laid out as the build's output would be
/// (runtime-specific assemblies of a portable target under runtimes/&lt;rid&gt;/lib/...), with a runtimeconfig.json
/// naming the shared frameworks the project references, and that folder is scanned as any application is (framework
/// classification, references, call graph, allow lists, baseline); the report names the project as its input, each
/// assembly's package, version and the chain of dependencies that brings it, and the referenced projects it did not scan.
/// </summary>
internal static class ProjectScan
{
    internal static int Run(ScanRequest request, TextWriter output, TextWriter error)
    {
        var assetsPath = ProjectAssets.Locate(request.Input);
        var restored = ProjectAssets.Read(assetsPath, request.Input, request.TargetFramework, request.Runtime);
        WarnIfChangedSinceRestore(restored.ProjectPath, assetsPath, error);
        var work = TemporaryFolder.Create();
        try
        {
            var packages = new Dictionary<string, PackageAssembly>(StringComparer.Ordinal);
            foreach (var target in restored.Targets)
            {
                var folder = Path.Combine(work, target.Name);
                Directory.CreateDirectory(folder);
                foreach (var assembly in target.Assemblies)
                {
                    // A portable build copies a package's runtime-specific assemblies to runtimes/<rid>/lib/<tfm>/ for the host
                    // to choose from; everything else lands beside the app.
                    var relative = Path.Combine(target.Name, target.Chosen.Runtime == null && assembly.Runtime != null ? assembly.Item : Path.GetFileName(assembly.FullPath));
                    if (packages.ContainsKey(relative))
                    {
                        // Two packages may carry a file of the same name; the second keeps its package's name as a folder.
                        relative = Path.Combine(target.Name, assembly.Package, assembly.Item);
                    }

                    Link(Path.Combine(work, relative), assembly.FullPath);
                    packages[relative] = assembly;
                }

                WriteRuntimeConfig(folder, target);
                error.WriteLine("project " + (restored.ProjectPath ?? assetsPath) + ", target " + target.Name + (target.Chosen.Note == null ? string.Empty : " (" + target.Chosen.Note + ")") + ": "
                    + target.Assemblies.Count.ToString(CultureInfo.InvariantCulture) + " runtime assemblies of " + target.Assemblies.Select(a => a.Package).Distinct().Count().ToString(CultureInfo.InvariantCulture)
                    + " packages, from " + assetsPath + NotScanned(target));
            }

            if (packages.Count == 0)
            {
                error.WriteLine("error: " + request.Input + ": its restore has no package with a runtime assembly; nothing to scan.");
                return ToolCommandLine.Failed;
            }

            return ScanCommand.Run(request with { Input = work, ShownAs = Path.GetFullPath(request.Input), Packages = packages, Project = restored }, output, error);
        }
        finally
        {
            TemporaryFolder.Delete(work);
        }
    }

    private static string NotScanned(AssetsTarget target) =>
        target.ProjectReferences.Count == 0 ? string.Empty : "; project references are not built, so not scanned (their packages are): " + string.Join(", ", target.ProjectReferences.Select(p => p.Name));

    private static void Link(string link, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        File.CreateSymbolicLink(link, target);
        var pdb = Path.ChangeExtension(target, ".pdb");
        if (File.Exists(pdb))
        {
            File.CreateSymbolicLink(Path.ChangeExtension(link, ".pdb"), pdb);
        }
    }

    // A project file edited after its restore (a version bumped by hand), or the central package versions
    // (Directory.Packages.props, the nearest above the project, as MSBuild finds it), is not what the assets file describes.
    private static void WarnIfChangedSinceRestore(string? project, string assetsPath, TextWriter error)
    {
        if (project == null || !File.Exists(project))
        {
            return;
        }

        var restored = File.GetLastWriteTimeUtc(assetsPath);
        var centralVersions = Ancestors(Path.GetDirectoryName(project)!).Select(d => Path.Combine(d, "Directory.Packages.props")).FirstOrDefault(File.Exists);
        foreach (var input in new[] { project, centralVersions }.OfType<string>().Where(f => File.GetLastWriteTimeUtc(f) > restored))
        {
            error.WriteLine("warning: " + input + " was changed after the restore (" + assetsPath + "); the scan shows the packages of that restore: run `dotnet restore " + project + "` to scan the project as it is now.");
        }
    }

    private static IEnumerable<string> Ancestors(string folder)
    {
        for (var current = folder; current != null; current = Path.GetDirectoryName(current))
        {
            yield return current;
        }
    }

    // The shared frameworks the app would run on, so that the folder scan resolves against them and passes over package
    // assemblies the framework already has (the SDK does not copy those either).
    private static void WriteRuntimeConfig(string folder, AssetsTarget target)
    {
        var framework = target.Chosen.Framework;
        var version = framework.StartsWith("net", StringComparison.Ordinal) && Version.TryParse(framework.Substring(3), out var v) && v.Major >= 5
            ? v.Major.ToString(CultureInfo.InvariantCulture) + "." + v.Minor.ToString(CultureInfo.InvariantCulture) + ".0"
            : "10.0.0";
        using var stream = File.Create(Path.Combine(folder, "project.runtimeconfig.json"));
        using var json = new Utf8JsonWriter(stream);
        json.WriteStartObject();
        json.WriteStartObject("runtimeOptions");
        json.WriteString("tfm", framework);
        json.WriteStartArray("frameworks");
        foreach (var name in target.FrameworkReferences.Prepend("Microsoft.NETCore.App").Distinct(StringComparer.Ordinal))
        {
            json.WriteStartObject();
            json.WriteString("name", name);
            json.WriteString("version", version);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
