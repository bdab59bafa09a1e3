using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Runtime;

/// <summary>
/// AUDITWEAVER_LOG and AUDITWEAVER_DENY: a woven program logs and denies with no code change. Each test is a child
/// process, because the environment is read once, when the first woven module loads.
/// </summary>
public class EventLogTests : TempFixture
{
    private const int Threads = 8;
    private const int PerThread = 250;

    [Test]
    public void EveryEventOfEveryThreadIsOneWholeLine()
    {
        var log = Temp.File("events.jsonl");
        var run = Run(new Dictionary<string, string?> { ["AUDITWEAVER_LOG"] = log, ["AUDITWEAVER_DENY"] = null });
        Assert.That(run.Output, Does.StartWith("enabled=True\n"));

        var lines = File.ReadAllLines(log);
        var probes = lines.Select(l => JsonDocument.Parse(l).RootElement).Where(e => e.GetProperty("event").GetString() == "file.stat").ToList();
        Assert.That(probes, Has.Count.EqualTo(1 + Threads * PerThread), "no line lost, none torn: every line parses");
        var paths = probes.Select(p => p.GetProperty("args").GetProperty("path").GetString()).ToHashSet();
        Assert.That(paths, Has.Count.EqualTo(1 + Threads * PerThread));
        Assert.That(probes.Select(p => p.GetProperty("tid").GetInt32()).Distinct().Count(), Is.GreaterThanOrEqualTo(Threads));

        var first = probes[0];
        Assert.That(first.GetProperty("args").GetProperty("path").GetString(), Is.EqualTo(Path.Combine(Temp.Path, EventLogScenario.FirstName)));
        Assert.That(lines.First(l => l.Contains("\"file.stat\"", System.StringComparison.Ordinal)), Does.Contain("\"path\":" + JsonEscapingTests.Quote(Path.Combine(Temp.Path, EventLogScenario.FirstName))), "quoted as every JSON string is");
        Assert.That(first.GetProperty("category").GetString(), Is.EqualTo("file"));
        Assert.That(first.GetProperty("args").GetProperty("query").GetString(), Is.EqualTo("exists"));
        Assert.That(first.GetProperty("api").GetString(), Is.EqualTo("M:System.IO.File.Exists(System.String)"));
        Assert.That(first.GetProperty("caller").GetString(), Is.EqualTo("AssemblyToProcess.FileScenarios.Exists"));
        Assert.That(first.GetProperty("file").GetString(), Does.EndWith("FileScenarios.cs"));
        Assert.That(first.GetProperty("line").GetInt32(), Is.GreaterThan(0));
        Assert.That(lines.Any(l => l.Contains("\"api\":null", System.StringComparison.Ordinal) && l.Contains("FileStream", System.StringComparison.Ordinal)), Is.False, "writing the log raises no events");
        Assert.That(run.Output, Does.EndWith("deleted\n"), "nothing is denied without AUDITWEAVER_DENY");
    }

    [Test]
    public void DeniedEventsAreLoggedFirstThenRefused()
    {
        var log = Temp.File("events.jsonl");
        var kept = Temp.Write("kept.txt", "x");
        var run = Run(new Dictionary<string, string?> { ["AUDITWEAVER_LOG"] = log, ["AUDITWEAVER_DENY"] = "process.start, file.del*" });
        Assert.That(run.Output, Does.EndWith("denied: Audit event 'file.delete' was denied: AUDITWEAVER_DENY lists 'file.del*'\n"));
        Assert.That(run.Error, Does.Contain("audit: denied file.delete: AUDITWEAVER_DENY lists 'file.del*'"));
        Assert.That(File.Exists(kept), Is.True);
        var delete = File.ReadAllLines(log).Select(l => JsonDocument.Parse(l).RootElement).Single(e => e.GetProperty("event").GetString() == "file.delete");
        Assert.That(delete.GetProperty("args").GetProperty("path").GetString(), Is.EqualTo(kept));
        Assert.That(delete.GetProperty("denied").GetBoolean(), Is.True);
    }

    [Test]
    public void WithNeitherVariableNothingListens()
    {
        var run = Run(new Dictionary<string, string?> { ["AUDITWEAVER_LOG"] = null, ["AUDITWEAVER_DENY"] = null });
        Assert.That(run.Output, Does.StartWith("enabled=False\n"), "call sites stay at one static read and a branch");
        Assert.That(Directory.EnumerateFiles(Temp.Path), Is.Empty);
    }

    private ProcessResult Run(IReadOnlyDictionary<string, string?> environment)
    {
        var result = Child.Run(environment, "event-log", Woven.AssemblyPath, Temp.Path, Threads.ToString(System.Globalization.CultureInfo.InvariantCulture), PerThread.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        return result;
    }
}
