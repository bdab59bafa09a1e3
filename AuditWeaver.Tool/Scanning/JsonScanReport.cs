using System.Collections.Generic;
using System.Linq;
using AuditWeaver.Fody.Reports;
using AuditWeaver.Tool.Processing;

namespace AuditWeaver.Tool.Scanning;

/// <summary>
/// The scan as JSON: one object per assembly in the shape of the Fody add-in's weave report (every call site with
/// category, event, API, caller, method, IL offset, source file and line; every escape hatch), plus the file it came
/// from, what was skipped or failed, the indirect capabilities and the violations.
/// </summary>
internal static class JsonScanReport
{
    internal static string Write(ScanFindings findings)
    {
        var json = new JsonWriter().BeginObject()
            .Property("tool", "auditweaver")
            .Property("input", findings.Root)
            .BeginArray("assemblies");
        foreach (var assembly in findings.Assemblies.Where(a => a.Status == AssemblyStatus.Processed))
        {
            json.BeginObject()
                .Property("file", assembly.File.RelativePath)
                .Property("version", assembly.Module!.Assembly.Name.Version.ToString());
            if (findings.PackageOf(assembly) is { } package)
            {
                json.Property("package", package.Package).Property("packageVersion", package.Version).Property("packagePath", package.FullPath);
                if (package.Runtime != null)
                {
                    json.Property("runtime", package.Runtime);
                }

                if (package.Via != null)
                {
                    Strings(json, "via", package.Via.Select(d => d.ToString()));
                }
            }

            WeaveReport.WriteProperties(json, assembly.Name, assembly.Result!).EndObject();
        }

        json.EndArray().BeginArray("skipped");
        foreach (var skipped in findings.Assemblies.Where(a => a.Status == AssemblyStatus.Skipped))
        {
            json.BeginObject().Property("file", skipped.File.RelativePath).Property("reason", skipped.Reasons[0]).EndObject();
        }

        json.EndArray().BeginArray("failed");
        foreach (var failed in findings.Assemblies.Where(a => a.Status == AssemblyStatus.Failed))
        {
            json.BeginObject().Property("file", failed.File.RelativePath).Property("error", string.Join(" ", failed.Reasons)).EndObject();
        }

        json.EndArray().BeginArray("indirect");
        foreach (var indirect in findings.Indirect)
        {
            json.BeginObject()
                .Property("assembly", indirect.Assembly)
                .Property("category", indirect.Category)
                .Property("event", indirect.Site.EventName)
                .Property("through", indirect.Through)
                .BeginArray("path");
            foreach (var step in indirect.Path)
            {
                json.Value(step);
            }

            json.EndArray().BeginArray("via");
            foreach (var kind in indirect.Via)
            {
                json.Value(kind.ToString().ToLowerInvariant());
            }

            json.EndArray().EndObject();
        }

        json.EndArray().BeginObject("callGraphEdges")
            .Property("direct", findings.Edges.Direct)
            .Property("virtual", findings.Edges.Virtual)
            .Property("interface", findings.Edges.Interface)
            .Property("delegate", findings.Edges.Delegate)
            .EndObject();

        if (findings.Project is { } project)
        {
            json.BeginObject("project").Property("path", project.ProjectPath ?? project.AssetsPath).Property("assets", project.AssetsPath);
            Strings(json, "targets", project.Targets.Select(t => t.Name));
            json.BeginArray("projectReferences");
            foreach (var reference in findings.ProjectReferences)
            {
                json.BeginObject().Property("name", reference.Name).Property("path", reference.Path).Property("scanned", false).EndObject();
            }

            json.EndArray().EndObject();
        }

        json.BeginArray("violations");
        foreach (var violation in findings.Violations)
        {
            json.BeginObject()
                .Property("kind", violation.Kind)
                .Property("assembly", violation.Assembly)
                .Property("capability", violation.Capability)
                .Property("message", violation.Message)
                .EndObject();
        }

        return json.EndArray().EndObject().ToString() + "\n";
    }

    private static void Strings(JsonWriter json, string name, IEnumerable<string> values)
    {
        json.BeginArray(name);
        foreach (var value in values)
        {
            json.Value(value);
        }

        json.EndArray();
    }
}
