using System.Collections.Generic;
using System.IO;
using AuditWeaver.Fody.Reports;

namespace AuditWeaver.MSBuild;

/// <summary>One dependency as the report lists it.</summary>
internal sealed class ReportedDependency
{
    internal ReportedDependency(string assembly, string source, string? package, string? packageVersion, string status, string? reason, string? weaveReport)
    {
        Assembly = assembly;
        Source = source;
        Package = package;
        PackageVersion = packageVersion;
        Status = status;
        Reason = reason;
        WeaveReport = weaveReport;
    }

    internal string Assembly { get; }

    internal string Source { get; }

    internal string? Package { get; }

    internal string? PackageVersion { get; }

    /// <summary>woven, skipped, not selected, not woven.</summary>
    internal string Status { get; }

    internal string? Reason { get; }

    /// <summary>The dependency's own weave report (<see cref="Fody.Reports.WeaveReport"/>): its call sites and diagnostics.</summary>
    internal string? WeaveReport { get; }
}

/// <summary>
/// <c>App.dependencies.auditweaver.json</c>, next to the app's own weave report: every dependency the build looked at,
/// where it came from, what became of it and why, and for each woven one its call sites, in the weave report's shape.
/// </summary>
internal static class DependenciesReport
{
    internal const string FileSuffix = ".dependencies.auditweaver.json";

    internal static void Write(string path, string application, IEnumerable<ReportedDependency> dependencies)
    {
        var json = new JsonWriter().BeginObject().Property("application", application).BeginArray("dependencies");
        foreach (var dependency in dependencies)
        {
            json.BeginObject()
                .Property("assembly", dependency.Assembly)
                .Property("package", dependency.Package)
                .Property("packageVersion", dependency.PackageVersion)
                .Property("source", dependency.Source)
                .Property("status", dependency.Status)
                .Property("reason", dependency.Reason);
            if (dependency.WeaveReport != null)
            {
                json.Raw("report", dependency.WeaveReport);
            }

            json.EndObject();
        }

        var text = json.EndArray().EndObject().ToString() + "\n";
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, text);
        if (File.Exists(path))
        {
            File.Delete(path);
        }

        File.Move(temporary, path);
    }
}
