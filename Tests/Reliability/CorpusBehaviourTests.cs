using System.Collections.Generic;
using System.IO;
using System.Linq;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Reliability;

/// <summary>
/// Fixtures/Corpus runs real code paths of its packages (serializer round trips, parsers, templates, a zip, an
/// embedded database, a file logger, configuration files, retries, validation, DI, cryptography, reactive
/// streams, console rendering) and prints each result or exception.
/// Run unwoven, woven with no hook, and woven with a hook that only records: the three must print the same, and the
/// hook must have seen the packages' own file and emit operations.
/// </summary>
[NonParallelizable]
public class CorpusBehaviourTests
{
    private TempDirectory _temp = null!;
    private ProcessResult _weave = null!;
    private ProcessResult _unwoven = null!;
    private ProcessResult _woven = null!;
    private ProcessResult _hooked = null!;

    private string Woven => _temp.File("woven");

    private string EventsFile => _temp.File("events.txt");

    private string HookedData => _temp.File("data-hooked");

    [OneTimeSetUp]
    public void WeaveAndRun()
    {
        _temp = new TempDirectory();
        _weave = ToolRun.InProcess("weave", Paths.CorpusOutput, "--out", Woven);
        _unwoven = Run(Path.Combine(Paths.CorpusOutput, "Corpus.dll"), _temp.File("data-unwoven"));
        _woven = Run(Path.Combine(Woven, "Corpus.dll"), _temp.File("data-woven"));
        _hooked = Run(Path.Combine(Woven, "Corpus.dll"), HookedData, "--hook", EventsFile);
    }

    [OneTimeTearDown]
    public void Delete() => _temp?.Dispose();

    [Test]
    public void WovenRunsPrintWhatTheUnwovenRunPrints()
    {
        Assert.That(_weave.ExitCode, Is.EqualTo(0), _weave.ToString());
        foreach (var run in new[] { _unwoven, _woven, _hooked })
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
            Assert.That(run.Error, Is.Empty, run.ToString());
        }

        Assert.That(_woven.Output, Is.EqualTo(_unwoven.Output), "woven, no hook");
        Assert.That(_hooked.Output, Is.EqualTo(_unwoven.Output), "woven, with a recording hook");

        // The steps really ran: results and the exceptions of bad input, as the packages produce them.
        Assert.That(_unwoven.Output, Does.Contain("newtonsoft.roundtrip: 42 Ada \"the first\" Lovelace [gear x3 @2.5, lever, long x1 @10.0] {channel=post, priority=high}")
            .And.Contain("newtonsoft.malformed: threw Newtonsoft.Json.JsonReaderException: Unexpected character encountered while parsing value: }.")
            .And.Contain("messagepack.roundtrip: 42 Ada")
            .And.Contain("csv.read: gearx3@2.5;lever, longx1@10")
            .And.Contain("csv.bad-field: threw CsvHelper.TypeConversion.TypeConverterException")
            .And.Contain("sharpziplib.extract: alpha 5000")
            .And.Contain("litedb: 2 gear gear,lever, long")
            .And.Contain("nlog: Info|corpus|first 1 / Warn|corpus|second two")
            .And.Contain("configuration.json: corpus 443 True")
            .And.Contain("configuration.missing: threw System.IO.FileNotFoundException: The configuration file 'missing.json' was not found")
            .And.Contain("jint.evaluate: {\"f\":610,\"s\":[1,2,3],\"t\":\"object\"}")
            .And.Contain("polly.retry: succeeded after 1,2,3")
            .And.Contain("dependencyinjection: Information Corpus.Greeter: Good morning, Alan")
            .And.Contain("bouncycastle.sha256: d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592")
            .And.Contain("bouncycastle.tampered: threw Org.BouncyCastle.Crypto.InvalidCipherTextException: mac check in GCM failed")
            .And.Contain("reactive: 4+16 36+64 100"));
        var steps = _unwoven.Output.Split('\n', System.StringSplitOptions.RemoveEmptyEntries);
        TestContext.Out.WriteLine("{0} steps printed, {1} of them exceptions, the same in all three runs", steps.Length, steps.Count(s => s.Contains(": threw ", System.StringComparison.Ordinal)));
        Assert.That(steps, Has.Length.GreaterThanOrEqualTo(55));
        Assert.That(steps.Count(s => s.Contains(": threw ", System.StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(20));
    }

    [Test]
    public void WovenRunsWriteTheSameFiles()
    {
        var unwoven = Snapshot(_temp.File("data-unwoven"));
        Assert.That(Snapshot(_temp.File("data-woven")), Is.EqualTo(unwoven));
        Assert.That(Snapshot(HookedData), Is.EqualTo(unwoven));
        Assert.That(unwoven.Keys, Is.SupersetOf(new[] { "lines.csv", "archive.zip", "store.db", Path.Combine("logs", "nlog.txt"), Path.Combine("extracted", "nested", "b.txt") }));
    }

    [Test]
    public void TheHookSeesThePackagesOwnOperations()
    {
        var events = File.ReadAllLines(EventsFile).Select(l => l.Split('\t')).Select(f => new SeenEvent(f[0], f[1], f[2])).ToList();
        TestContext.Out.WriteLine("{0} events seen by the hook", events.Count);
        Assert.Multiple(() =>
        {
            ExpectFile(events, "file.open", "Corpus.Serialization.", "lines.csv");
            ExpectFile(events, "file.open", "HtmlAgilityPack.", "page.html");
            ExpectFile(events, "file.open", "ICSharpCode.SharpZipLib.", "archive.zip");
            ExpectFile(events, "file.mkdir", "ICSharpCode.SharpZipLib.", "extracted");
            ExpectFile(events, "file.open", "LiteDB.", "store.db");
            ExpectFile(events, "file.open", "NLog.", Path.Combine("logs", "nlog.txt"));
            ExpectFile(events, "file.open", "Microsoft.Extensions.Configuration.", "appsettings.json");
            Expect(events, "reflection-emit.type", "MessagePack.", "\"MessagePack.Formatters.Corpus_OrderFormatter");
            Expect(events, "reflection-emit.dynamicmethod", "Newtonsoft.Json.", string.Empty);
            Expect(events, "reflection-emit.compile", "CsvHelper.", string.Empty);
        });
    }

    private void ExpectFile(List<SeenEvent> events, string name, string callerPrefix, string relativePath) =>
        Expect(events, name, callerPrefix, "path: \"" + Path.Combine(HookedData, relativePath) + "\"");

    private static void Expect(List<SeenEvent> events, string name, string callerPrefix, string argumentText) =>
        Assert.That(events.Any(e => e.Name == name && e.Caller.StartsWith(callerPrefix, System.StringComparison.Ordinal) && e.Arguments.Contains(argumentText, System.StringComparison.Ordinal)), Is.True,
            "no " + name + " from " + callerPrefix + "* with " + argumentText);

    private static ProcessResult Run(string program, string data, params string[] extra)
    {
        Directory.CreateDirectory(data);
        return ProcessRunner.Run("dotnet", new[] { program, data }.Concat(extra));
    }

    // Zip entries carry the time they were written and the database its own bookkeeping: those two are compared by name.
    private static Dictionary<string, string> Snapshot(string folder) =>
        ToolRun.Snapshot(folder).ToDictionary(p => p.Key, p => p.Key.EndsWith(".zip", System.StringComparison.Ordinal) || p.Key.EndsWith(".db", System.StringComparison.Ordinal) ? "(binary)" : p.Value);

    private sealed record SeenEvent(string Name, string Caller, string Arguments);
}
