using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using AuditWeaver.Tool.SingleFile;

namespace AuditWeaver.Tool.Scanning;

/// <summary>
/// <c>auditweaver scan project.csproj</c> (or its project.assets.json): the restored package closure, without a build.
/// Each target framework's runtime assemblies are linked into a private folder with a runtimeconfig.json naming the
/// shared frameworks the project references, and that folder is scanned as any application is (framework
/// classification, references, call graph, allow lists, baseline); the report names the project as its input and each
/// assembly's package and version.
/// </summary>
internal static class ProjectScan
{
    internal static int Run(ScanRequest request, TextWriter output, TextWriter error)
    {
        var assetsPath = ProjectAssets.Locate(request.Input);
        var targets = ProjectAssets.Read(assetsPath, request.Input);
        var work = TemporaryFolder.Create();
        try
        {
            var packages = new Dictionary<string, PackageAssembly>(StringComparer.Ordinal);
            foreach (var target in targets)
            {
                var folder = Path.Combine(work, target.Framework);
                Directory.CreateDirectory(folder);
                foreach (var assembly in target.Assemblies)
                {
                    // Two packages may carry a file of the same name; the second keeps its package's name as a folder.
                    var relative = Path.Combine(target.Framework, Path.GetFileName(assembly.FullPath));
                    if (packages.ContainsKey(relative))
                    {
                        relative = Path.Combine(target.Framework, assembly.Package, Path.GetFileName(assembly.FullPath));
                        Directory.CreateDirectory(Path.Combine(work, Path.GetDirectoryName(relative)!));
                    }

                    File.CreateSymbolicLink(Path.Combine(work, relative), assembly.FullPath);
                    var pdb = Path.ChangeExtension(assembly.FullPath, ".pdb");
                    if (File.Exists(pdb))
                    {
                        File.CreateSymbolicLink(Path.ChangeExtension(Path.Combine(work, relative), ".pdb"), pdb);
                    }

                    packages[relative] = assembly;
                }

                WriteRuntimeConfig(folder, target);
                var projects = target.ProjectReferences.Count == 0 ? string.Empty : "; project references are not built, so not scanned: " + string.Join(", ", target.ProjectReferences);
                error.WriteLine("project " + Path.GetFullPath(request.Input) + " (" + target.Framework + "): " + target.Assemblies.Count.ToString(CultureInfo.InvariantCulture)
                    + " runtime assemblies of " + target.Assemblies.Select(a => a.Package).Distinct().Count().ToString(CultureInfo.InvariantCulture) + " packages, from " + assetsPath + projects);
            }

            if (packages.Count == 0)
            {
                error.WriteLine("error: " + request.Input + ": its restore has no package with a runtime assembly; nothing to scan.");
                return CommandLine.ToolCommandLine.Failed;
            }

            return ScanCommand.Run(request with { Input = work, ShownAs = Path.GetFullPath(request.Input), Packages = packages }, output, error);
        }
        finally
        {
            TemporaryFolder.Delete(work);
        }
    }

    // The shared frameworks the app would run on, so that the folder scan resolves against them and passes over package
    // assemblies the framework already has (the SDK does not copy those either).
    private static void WriteRuntimeConfig(string folder, AssetsTarget target)
    {
        var version = target.Framework.StartsWith("net", StringComparison.Ordinal) && Version.TryParse(target.Framework.Substring(3), out var v) && v.Major >= 5
            ? v.Major.ToString(CultureInfo.InvariantCulture) + "." + v.Minor.ToString(CultureInfo.InvariantCulture) + ".0"
            : "10.0.0";
        using var stream = File.Create(Path.Combine(folder, "project.runtimeconfig.json"));
        using var json = new Utf8JsonWriter(stream);
        json.WriteStartObject();
        json.WriteStartObject("runtimeOptions");
        json.WriteString("tfm", target.Framework);
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
