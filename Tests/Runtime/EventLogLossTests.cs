using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Runtime;

/// <summary>
/// What AUDITWEAVER_LOG may and may not lose, each rule in a child process (<see cref="LogLossScenarios"/>). Where a test
/// checks a way of ending the process, the log's writer thread is told to wait a minute before writing
/// (AUDITWEAVER_LOG_DELAY_MS), so the lines can only be in the file because that way of ending wrote them.
/// </summary>
public class EventLogLossTests : TempFixture
{
    private const string DelayVariable = "AUDITWEAVER_LOG_DELAY_MS";
    private const string NeverByItself = "60000";

    private string Log => Temp.File("events.jsonl");

    [TestCase("return", 0)]
    [TestCase("exit", 3)]
    [TestCase("unhandled", 134)]
    [TestCase("sigterm", 143)]
    [TestCase("sigint", 130)]
    public void EveryEventIsInTheFileWhenTheProcessEnds(string how, int exitCode)
    {
        const int Count = 1000;

        // A program started in the background may inherit SIGINT ignored; env gives it its default back.
        var run = ProcessRunner.Run(
            "env",
            new[] { "--default-signal=INT", "dotnet", Paths.TestAssembly, "log-exit", Woven.AssemblyPath, Temp.Path, how, Count.ToString(CultureInfo.InvariantCulture) },
            environment: new Dictionary<string, string?> { ["AUDITWEAVER_LOG"] = Log, [DelayVariable] = NeverByItself, ["AUDITWEAVER_DENY"] = null });

        Assert.That(run.ExitCode, Is.EqualTo(exitCode), run.ToString());
        Assert.That(ProbesByThread(Log)[0], Is.EqualTo(Enumerable.Range(0, Count)), run.ToString());
    }

    [Test]
    public void ADenialsEventIsInTheFileBeforeItsExceptionLeavesTheCallSite()
    {
        var kept = Temp.Write("kept.txt", "x");
        var run = Child.Run(
            new Dictionary<string, string?> { ["AUDITWEAVER_LOG"] = Log, [DelayVariable] = NeverByItself, ["AUDITWEAVER_DENY"] = "file.delete" },
            "log-deny",
            Woven.AssemblyPath,
            Log,
            kept);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Output, Does.Contain("environment denial, lines in the log: 1\n"));
        Assert.That(run.Output, Does.Contain("hook denial, lines in the log: 1\n"));
        Assert.That(File.Exists(kept), Is.True);
    }

    [Test]
    public void AMillionEventsFromEightThreadsAreEachInTheFileOnceInOrderInBoundedMemory()
    {
        const int Threads = 8;
        const int PerThread = 125_000;
        var run = Child.Run(
            new Dictionary<string, string?> { ["AUDITWEAVER_LOG"] = Log, ["AUDITWEAVER_DENY"] = null },
            "log-burst",
            Woven.AssemblyPath,
            Temp.Path,
            Threads.ToString(CultureInfo.InvariantCulture),
            PerThread.ToString(CultureInfo.InvariantCulture));
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());

        var probes = ProbesByThread(Log);
        Assert.That(probes.Keys, Is.EquivalentTo(Enumerable.Range(0, Threads)));
        foreach (var (thread, sequence) in probes)
        {
            Assert.That(sequence, Is.EqualTo(Enumerable.Range(0, PerThread)), "thread " + thread + ": every event once, in order");
        }

        // The file is about 250 MB; a log that kept lines until exit would need at least that.
        var peak = int.Parse(run.Output.Split('\n').Single(l => l.StartsWith("peak-working-set-mb=", StringComparison.Ordinal)).Split('=')[1], CultureInfo.InvariantCulture);
        Assert.That(new FileInfo(Log).Length, Is.GreaterThan(200L << 20));
        Assert.That(peak, Is.LessThan(200), run.Output);
    }

    [Test]
    public void ALogMovedAwayOrDeletedIsOpenedAgain()
    {
        const int PerPhase = 100;
        var run = Child.Run(
            new Dictionary<string, string?> { ["AUDITWEAVER_LOG"] = Log, ["AUDITWEAVER_DENY"] = null },
            "log-rotate",
            Woven.AssemblyPath,
            Temp.Path,
            Log,
            PerPhase.ToString(CultureInfo.InvariantCulture));
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Output, Does.Not.Contain("never reached"));

        // Phase 0 went to the file logrotate moved away; phase 1 to the file opened after the move, which was then
        // deleted; phase 2 to the file opened after the deletion.
        Assert.That(ProbesByThread(Log + ".1"), Is.EqualTo(new Dictionary<int, List<int>> { [0] = Enumerable.Range(0, PerPhase).ToList() }));
        Assert.That(ProbesByThread(Log), Is.EqualTo(new Dictionary<int, List<int>> { [2] = Enumerable.Range(0, PerPhase).ToList() }));
    }

    [Test]
    public void AnyArgumentGivesValidJsonAndLongValuesAreCutAndMarked()
    {
        var run = Child.Run(new Dictionary<string, string?> { ["AUDITWEAVER_LOG"] = Log, ["AUDITWEAVER_DENY"] = null }, "log-values", Woven.AssemblyPath);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        var lines = Lines(Log);

        var probe = lines.Single(l => l.GetProperty("event").GetString() == "file.stat").GetProperty("args").GetProperty("path").GetString();
        Assert.That(probe, Is.EqualTo("quote\" backslash\\ newline\n tab\t nul\0 bell\a del\u007f"));

        var hostile = lines.Single(l => l.GetProperty("event").GetString() == "test.hostile");
        var args = hostile.GetProperty("args").EnumerateArray().ToList();
        Assert.That(args[0].GetString(), Is.EqualTo("lone high \ufffd then low \ufffd pair \ud83d\ude00 separator \u2028 c1 \u0085"));
        Assert.That(args[1].GetString(), Is.EqualTo(new string('x', 8192) + "\u2026(cut from 1000000 chars)"));
        Assert.That(args[2].GetString(), Does.Contain("ToString threw System.InvalidOperationException"));
        Assert.That(args[3].GetString(), Is.Empty);
        Assert.That(args[4].GetString(), Is.EqualTo("NaN"));
        Assert.That(args[5].GetInt64(), Is.EqualTo(long.MinValue));
        Assert.That(args[6].GetUInt64(), Is.EqualTo(ulong.MaxValue));
        Assert.That(args[7].GetDecimal(), Is.EqualTo(12.5m));
        Assert.That(args[8].GetString(), Is.EqualTo("Append"));
        Assert.That(args[9].GetBoolean(), Is.True);
        Assert.That(hostile.GetProperty("cut").GetBoolean(), Is.True);

        // 200 values of 5,000 characters: the first ones whole, the rest only marked, and the line still one object.
        var many = lines.Single(l => l.GetProperty("event").GetString() == "test.many").GetProperty("args").EnumerateArray().Select(a => a.GetString()).ToList();
        Assert.That(many, Has.Count.EqualTo(200));
        Assert.That(many[0], Is.EqualTo(new string('a', 5000)));
        Assert.That(many[199], Is.EqualTo("\u2026(cut)"));
        Assert.That(lines, Has.Count.EqualTo(3));
    }

    [Test]
    public void InSynchronousModeEachLineIsInTheFileWhenItsEventReturns()
    {
        var run = Child.Run(
            new Dictionary<string, string?> { ["AUDITWEAVER_LOG"] = Log, ["AUDITWEAVER_LOG_SYNC"] = "1", [DelayVariable] = NeverByItself, ["AUDITWEAVER_DENY"] = null },
            "log-sync",
            Woven.AssemblyPath,
            Temp.Path,
            Log);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Output, Is.EqualTo("after event 0: 1\nafter event 1: 1\nafter event 2: 1\n"));
    }

    // Thread t's probes of "t-i", in file order, from the file.stat lines of a log in which every line is whole JSON.
    private static Dictionary<int, List<int>> ProbesByThread(string log)
    {
        var probes = new Dictionary<int, List<int>>();
        ForEachLine(log, line =>
        {
            if (line.GetProperty("event").GetString() != "file.stat")
            {
                return;
            }

            var parts = Path.GetFileName(line.GetProperty("args").GetProperty("path").GetString()!).Split('-');
            var thread = int.Parse(parts[0], CultureInfo.InvariantCulture);
            if (!probes.TryGetValue(thread, out var sequence))
            {
                probes[thread] = sequence = new List<int>();
            }

            sequence.Add(int.Parse(parts[1], CultureInfo.InvariantCulture));
        });
        return probes;
    }

    private static List<JsonElement> Lines(string log)
    {
        var lines = new List<JsonElement>();
        ForEachLine(log, line => lines.Add(line.Clone()));
        return lines;
    }

    // Reads the log a line at a time (it may be hundreds of megabytes); every line must parse, the last one included.
    private static void ForEachLine(string log, Action<JsonElement> read)
    {
        using var stream = File.OpenRead(log);
        if (stream.Length > 0)
        {
            stream.Seek(-1, SeekOrigin.End);
            Assert.That(stream.ReadByte(), Is.EqualTo('\n'), "the last line is whole");
            stream.Seek(0, SeekOrigin.Begin);
        }

        using var reader = new StreamReader(stream);
        for (var line = reader.ReadLine(); line != null; line = reader.ReadLine())
        {
            using var document = JsonDocument.Parse(line);
            read(document.RootElement);
        }
    }
}
