using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using AuditWeaver.Catalog;
using AuditWeaver.Fody.Engine;
using AuditWeaver.Tool.Processing;

namespace AuditWeaver.Tool.Scanning;

/// <summary>
/// The scan as SARIF 2.1.0, in the subset GitHub code scanning reads: one rule per event and per escape hatch, one
/// result per call site (level note), escape hatch (warning) and violation (error), each with a physical location that
/// resolves on this machine: the source line when the PDB names a file that exists here, else the assembly itself.
/// </summary>
internal static class SarifScanReport
{
    private const string RootBase = "SCANROOT";
    private const string Baseline = "capability-baseline";
    private const string AllowList = "allow-list";

    internal static string Write(ScanFindings findings)
    {
        var processed = findings.Assemblies.Where(a => a.Status == AssemblyStatus.Processed).ToList();
        var rules = Rules(processed);
        var ruleIndex = rules.Select((r, i) => (r.Id, i)).ToDictionary(r => r.Id, r => r.i, StringComparer.Ordinal);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            json.WriteString("version", "2.1.0");
            json.WriteStartArray("runs");
            json.WriteStartObject();
            WriteTool(json, rules);
            json.WriteStartObject("originalUriBaseIds");
            json.WriteStartObject(RootBase);
            // A project scan's root is the project's folder (its assemblies are named by their place in the package cache).
            var root = findings.Project?.ProjectPath is { } project ? Path.GetDirectoryName(project)! : findings.Root;
            json.WriteString("uri", new Uri(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar).AbsoluteUri);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartArray("results");
            foreach (var assembly in processed)
            {
                foreach (var site in assembly.Result!.Sites)
                {
                    WriteResult(json, site.EventName, ruleIndex, "note", assembly.Name + ": " + SiteText.Describe(site) + ".", assembly, findings.PackageOf(assembly), site.SourceFile, site.Line, site.Caller);
                }

                foreach (var diagnostic in assembly.Result.Diagnostics)
                {
                    WriteResult(json, diagnostic.Id, ruleIndex, "warning", assembly.Name + ": " + diagnostic.Message, assembly, findings.PackageOf(assembly), diagnostic.SourceFile, diagnostic.Line, diagnostic.Method);
                }
            }

            foreach (var violation in findings.Violations)
            {
                var assembly = processed.First(a => a.Name == violation.Assembly);
                var site = violation.Sites.FirstOrDefault();
                WriteResult(json, violation.Kind == "allow" ? AllowList : Baseline, ruleIndex, "error", violation.Message, assembly, findings.PackageOf(assembly), site?.SourceFile, site?.Line, site?.Caller);
            }

            json.WriteEndArray();

            // How the call graph behind the indirect capabilities was made: edges by the way they were found.
            json.WriteStartObject("properties");
            json.WriteStartObject("callGraphEdges");
            json.WriteNumber("direct", findings.Edges.Direct);
            json.WriteNumber("virtual", findings.Edges.Virtual);
            json.WriteNumber("interface", findings.Edges.Interface);
            json.WriteNumber("delegate", findings.Edges.Delegate);
            json.WriteEndObject();

            // A project scan: the projects it references, whose code was not scanned (it is not built).
            if (findings.Project != null)
            {
                json.WriteStartArray("projectReferences");
                foreach (var reference in findings.ProjectReferences)
                {
                    json.WriteStartObject();
                    json.WriteString("name", reference.Name);
                    json.WriteString("path", reference.Path);
                    json.WriteBoolean("scanned", false);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static List<(string Id, string Description, string Level, string? Category)> Rules(IReadOnlyList<ProcessedAssembly> assemblies)
    {
        var rules = new List<(string, string, string, string?)>();
        foreach (var eventName in assemblies.SelectMany(a => a.Result!.Sites).Select(s => s.EventName).Distinct().OrderBy(e => e, StringComparer.Ordinal))
        {
            var description = AuditCatalog.BuiltIn.TryGetEvent(eventName, out var catalogEvent) ? catalogEvent.Description : "An event configured by an <Api> element.";
            rules.Add((eventName, description, "note", CatalogCategories.CategoryOf(eventName)));
        }

        foreach (var id in assemblies.SelectMany(a => a.Result!.Diagnostics).Select(d => d.Id).Distinct().OrderBy(i => i, StringComparer.Ordinal))
        {
            rules.Add((id, DiagnosticIds.All[id].Title + ".", "warning", null));
        }

        rules.Add((Baseline, "An assembly uses a category, event or escape hatch that the capability baseline does not list for it.", "error", null));
        rules.Add((AllowList, "An assembly uses a category or event outside its <Allow> list in the configuration.", "error", null));
        return rules;
    }

    private static void WriteTool(Utf8JsonWriter json, IEnumerable<(string Id, string Description, string Level, string? Category)> rules)
    {
        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", "auditweaver");
        json.WriteString("informationUri", "https://github.com/AuditWeaver/AuditWeaver");
        json.WriteString("semanticVersion", typeof(SarifScanReport).Assembly.GetName().Version!.ToString(3));
        json.WriteStartArray("rules");
        foreach (var (id, description, level, category) in rules)
        {
            json.WriteStartObject();
            json.WriteString("id", id);
            json.WriteStartObject("shortDescription");
            json.WriteString("text", description);
            json.WriteEndObject();
            json.WriteStartObject("defaultConfiguration");
            json.WriteString("level", level);
            json.WriteEndObject();
            json.WriteStartObject("properties");
            json.WriteStartArray("tags");
            json.WriteStringValue("security");
            if (category != null)
            {
                json.WriteStringValue(category);
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter json, string ruleId, IReadOnlyDictionary<string, int> ruleIndex, string level, string message, ProcessedAssembly assembly, PackageAssembly? package, string? sourceFile, int? line, string? caller)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", ruleId);
        json.WriteNumber("ruleIndex", ruleIndex[ruleId]);
        json.WriteString("level", level);
        json.WriteStartObject("message");
        json.WriteString("text", message);
        json.WriteEndObject();
        json.WriteStartArray("locations");
        json.WriteStartObject();
        json.WriteStartObject("physicalLocation");
        json.WriteStartObject("artifactLocation");
        var sourceExists = sourceFile != null && line != null && Path.IsPathRooted(sourceFile) && File.Exists(sourceFile);
        if (sourceExists)
        {
            json.WriteString("uri", new Uri(sourceFile!).AbsoluteUri);
        }
        else if (package != null)
        {
            // A project's package: the assembly where the restore put it (the scan's own folder is gone by now).
            json.WriteString("uri", new Uri(package.FullPath).AbsoluteUri);
        }
        else
        {
            // The source is not on this machine (a package built elsewhere, or no PDB): point at the assembly instead.
            json.WriteString("uri", string.Join("/", assembly.File.RelativePath.Split(Path.DirectorySeparatorChar).Select(Uri.EscapeDataString)));
            json.WriteString("uriBaseId", RootBase);
        }

        json.WriteEndObject();
        if (sourceExists)
        {
            json.WriteStartObject("region");
            json.WriteNumber("startLine", line!.Value);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        if (caller != null)
        {
            json.WriteStartArray("logicalLocations");
            json.WriteStartObject();
            json.WriteString("fullyQualifiedName", caller);
            json.WriteString("kind", "function");
            json.WriteEndObject();
            json.WriteEndArray();
        }

        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteStartObject("properties");
        json.WriteString("assembly", assembly.Name);
        if (package != null)
        {
            json.WriteString("package", package.Package + " " + package.Version);
        }

        if (sourceFile != null && !sourceExists)
        {
            json.WriteString("sourceLocation", sourceFile + (line == null ? string.Empty : ":" + line.Value.ToString(CultureInfo.InvariantCulture)));
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }
}
