using System.Linq;
using AuditWeaver.Fody.Engine;

namespace AuditWeaver.Fody.Reports;

/// <summary>
/// The JSON weave report written next to the woven assembly (<c>App.auditweaver.json</c>): every audited call site and
/// every diagnostic (escape hatches the engine could not audit). The command-line tool's scan writes the same shape.
/// </summary>
public static class WeaveReport
{
    public const string FileSuffix = ".auditweaver.json";

    public static string Write(string assemblyName, WeaveResult result) =>
        WriteProperties(new JsonWriter().BeginObject(), assemblyName, result).EndObject().ToString() + "\n";

    /// <summary>The report's properties into an open object: the command-line scan writes one such object per assembly.</summary>
    internal static JsonWriter WriteProperties(JsonWriter json, string assemblyName, WeaveResult result)
    {
        json.Property("assembly", assemblyName)
            .Property("mode", result.Mode.ToString())
            .Property("alreadyWoven", result.AlreadyWoven)
            .BeginObject("summary");
        foreach (var category in result.Sites.GroupBy(s => s.Category).OrderBy(g => g.Key, System.StringComparer.Ordinal))
        {
            json.Property(category.Key, category.Count());
        }

        json.EndObject().BeginArray("sites");
        foreach (var site in result.Sites)
        {
            json.BeginObject()
                .Property("id", site.Id)
                .Property("category", site.Category)
                .Property("event", site.EventName)
                .Property("api", site.Api)
                .Property("caller", site.Caller)
                .Property("method", site.Method)
                .Property("ilOffset", site.ILOffset)
                .Property("file", site.SourceFile)
                .Property("line", site.Line)
                .Property("denied", site.Denied)
                .EndObject();
        }

        json.EndArray().BeginArray("diagnostics");
        foreach (var diagnostic in result.Diagnostics)
        {
            json.BeginObject()
                .Property("id", diagnostic.Id)
                .Property("severity", diagnostic.Severity.ToString().ToLowerInvariant())
                .Property("message", diagnostic.Message)
                .Property("method", diagnostic.Method)
                .Property("file", diagnostic.SourceFile)
                .Property("line", diagnostic.Line)
                .EndObject();
        }

        return json.EndArray();
    }
}
