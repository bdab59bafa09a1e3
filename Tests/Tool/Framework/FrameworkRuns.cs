using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;
using Tests.Infrastructure;

namespace Tests.Tool.Framework;

/// <summary>
/// Runs Fixtures/FrameworkApp (published, or woven with --framework) in a fresh work folder holding doc.xml and
/// archive.zip, against a URL, with the JSON-lines event log on; hands back what it printed and the events it logged.
/// </summary>
internal sealed class FrameworkRun
{
    private FrameworkRun(ProcessResult result, IReadOnlyList<LoggedEvent> events, string workFolder)
    {
        Result = result;
        Events = events;
        WorkFolder = workFolder;
    }

    internal ProcessResult Result { get; }

    internal IReadOnlyList<LoggedEvent> Events { get; }

    internal string WorkFolder { get; }

    /// <summary>The app's line for one operation (<c>xml</c>, <c>zip</c>, <c>http</c>, <c>assemblies</c>), without its label.</summary>
    internal string Line(string operation) =>
        Result.Output.Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(l => l.StartsWith(operation + ": ", System.StringComparison.Ordinal))?.Substring(operation.Length + 2)
        ?? throw new System.InvalidOperationException("no '" + operation + "' line in: " + Result);

    /// <summary>The assemblies the app had loaded at its end, by name, with their Assembly.Location.</summary>
    internal IReadOnlyDictionary<string, string> LoadedAssemblies() =>
        Line("assemblies").Split(';').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1], System.StringComparer.Ordinal);

    /// <summary>
    /// Runs the app at <paramref name="appHost"/>; with <paramref name="policy"/> (a JSON policy document) it runs in its
    /// "runtime" mode: an EventListener on AuditWeaver's EventSource, the policy and a counting hook first.
    /// </summary>
    internal static FrameworkRun Start(string appHost, TempDirectory work, string url, IReadOnlyDictionary<string, string?>? environment = null, string? policy = null)
    {
        var folder = Path.Combine(work.Path, "work-" + System.Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "doc.xml"), "<hello/>");
        using (var archive = ZipFile.Open(Path.Combine(folder, "archive.zip"), ZipArchiveMode.Create))
        {
            using var writer = new StreamWriter(archive.CreateEntry("a.txt").Open());
            writer.Write("a");
        }

        if (policy != null)
        {
            File.WriteAllText(Path.Combine(folder, "policy.json"), policy);
        }

        var log = Path.Combine(folder, "events.jsonl");
        var variables = new Dictionary<string, string?> { ["AUDITWEAVER_LOG"] = log, ["AUDITWEAVER_LOG_SYNC"] = "1" };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            variables[name] = value;
        }

        var result = ProcessRunner.Run(appHost, policy == null ? new[] { folder, url } : new[] { folder, url, "runtime" }, environment: variables);
        var events = File.Exists(log) ? File.ReadAllLines(log).Select(LoggedEvent.Parse).ToList() : new List<LoggedEvent>();
        return new FrameworkRun(result, events, folder);
    }
}

/// <summary>One line of the event log: the event, its arguments as text, and the caller.</summary>
internal sealed record LoggedEvent(string Name, IReadOnlyDictionary<string, string?> Arguments, string? Caller)
{
    internal static LoggedEvent Parse(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var arguments = root.GetProperty("args").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.Null ? null : p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText());
        return new LoggedEvent(root.GetProperty("event").GetString()!, arguments, root.TryGetProperty("caller", out var caller) && caller.ValueKind == JsonValueKind.String ? caller.GetString() : null);
    }

    internal string? this[string argument] => Arguments.TryGetValue(argument, out var value) ? value : null;

    public override string ToString() => Name + "(" + string.Join(", ", Arguments.Select(a => a.Key + ": " + a.Value)) + ") caller=" + Caller;
}
