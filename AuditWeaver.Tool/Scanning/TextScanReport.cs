using System;
using System.Globalization;
using System.IO;
using System.Linq;
using AuditWeaver.Fody.Engine;
using AuditWeaver.Tool.Output;
using AuditWeaver.Tool.Processing;

namespace AuditWeaver.Tool.Scanning;

/// <summary>The scan as text: per assembly a table of categories and events, its escape hatches and its call sites; then the
/// indirect capabilities and the violations.</summary>
internal static class TextScanReport
{
    internal static string Write(ScanFindings findings)
    {
        var text = new StringWriter { NewLine = "\n" };
        var processed = findings.Assemblies.Where(a => a.Status == AssemblyStatus.Processed).ToList();
        foreach (var assembly in processed)
        {
            var result = assembly.Result!;
            var package = findings.PackageOf(assembly);
            text.WriteLine(assembly.Name + " " + assembly.Module!.Assembly.Name.Version + " (" + (package == null ? assembly.File.RelativePath : package.Describe()) + ")");
            if (result.Sites.Count == 0)
            {
                text.WriteLine("  no audited call sites");
            }
            else
            {
                var table = new TextTable("category", "event", "sites");
                foreach (var byEvent in result.Sites.GroupBy(s => (s.Category, s.EventName)).OrderBy(g => g.Key.Category, StringComparer.Ordinal).ThenBy(g => g.Key.EventName, StringComparer.Ordinal))
                {
                    table.Add(byEvent.Key.Category, byEvent.Key.EventName, byEvent.Count().ToString(CultureInfo.InvariantCulture));
                }

                table.Write(text, "  ");
            }

            foreach (var hatch in result.Diagnostics.GroupBy(d => d.Id).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                text.WriteLine("  escape hatch " + hatch.Key + " x" + hatch.Count().ToString(CultureInfo.InvariantCulture) + ": " + DiagnosticIds.All[hatch.Key].Title);
            }

            foreach (var site in result.Sites)
            {
                text.WriteLine("    " + SiteText.Describe(site));
            }

            foreach (var diagnostic in result.Diagnostics)
            {
                text.WriteLine("    " + diagnostic.Id + " in " + diagnostic.Method + (diagnostic.SourceFile == null ? string.Empty : " at " + diagnostic.SourceFile + ":" + diagnostic.Line) + ": " + diagnostic.Message);
            }

            text.WriteLine();
        }

        if (processed.Count > 1)
        {
            text.WriteLine("Call sites per assembly and category");
            CategoryCounts.Table(processed.Select(a => (findings.LabelOf(a), a.Result!.Sites)).ToList()).Write(text, "  ");
            text.WriteLine();
        }

        foreach (var skipped in findings.Assemblies.Where(a => a.Status == AssemblyStatus.Skipped))
        {
            text.WriteLine("skipped " + skipped.File.RelativePath + ": " + skipped.Reasons[0]);
        }

        foreach (var failed in findings.Assemblies.Where(a => a.Status == AssemblyStatus.Failed))
        {
            text.WriteLine("failed " + failed.File.RelativePath + ": " + string.Join(" ", failed.Reasons));
        }

        if (findings.Project is { } restored)
        {
            text.WriteLine();
            text.WriteLine("Project " + (restored.ProjectPath ?? restored.AssetsPath) + ", from its restore " + restored.AssetsPath);
            text.WriteLine("  targets scanned: " + string.Join(", ", restored.Targets.Select(t => t.Name)));
            if (findings.ProjectReferences.Count > 0)
            {
                text.WriteLine("  project references (not built, so their code is not scanned; the packages they bring are, above):");
                foreach (var project in findings.ProjectReferences)
                {
                    text.WriteLine("    " + project.Name + " (" + project.Path + (project.Via is { Count: > 0 } via ? ", via " + string.Join(" -> ", via) : string.Empty) + ")");
                }
            }
        }

        if (findings.Edges != CallGraphEdges.None)
        {
            var edges = findings.Edges;
            text.WriteLine();
            text.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Call graph edges: {edges.Direct} direct, {edges.Virtual} virtual, {edges.Interface} interface, {edges.Delegate} delegate"));
        }

        if (findings.Indirect.Count > 0)
        {
            text.WriteLine();
            text.WriteLine("Indirect capabilities (reached only through another scanned assembly)");
            foreach (var indirect in findings.Indirect)
            {
                text.WriteLine("  " + indirect.Assembly + " reaches " + indirect.Category + " through " + indirect.Through + ": " + indirect.Describe() + " (" + indirect.Site.EventName + ")");
            }
        }

        if (findings.Violations.Count > 0)
        {
            text.WriteLine();
            text.WriteLine("Violations");
            foreach (var violation in findings.Violations)
            {
                text.WriteLine("  " + violation.Message);
            }
        }

        return text.ToString();
    }
}
