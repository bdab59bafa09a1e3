using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.Versioning;
using System.Text.Json;
using AuditWeaver.Tool.SingleFile;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Tool.SingleFile;

/// <summary>
/// Each kind of single-file app woven by the tool into --out and run: unwoven, woven with AUDITWEAVER_LOG, and woven with
/// AUDITWEAVER_DENY. The app writes a file, starts echo and makes an HTTP request to a server of the test's own.
/// </summary>
[SupportedOSPlatform("linux")]
[NonParallelizable]
public class SingleFileWeaveTests
{
    private readonly Dictionary<string, Woven> _woven = new();
    private TempDirectory _temp = null!;
    private LoopbackServer _server = null!;

    private string Url => _server.BaseUri + "single-file";

    [OneTimeSetUp]
    public void WeaveAndRun()
    {
        _temp = new TempDirectory();
        _server = new LoopbackServer(http: true);
        foreach (var kind in SingleFileApps.Kinds)
        {
            var before = ToolRun.Snapshot(SingleFileApps.Folder(kind));
            var output = _temp.File(kind);
            var weave = ToolRun.InProcess("weave", SingleFileApps.Bundle(kind), "--out", output);
            var inputAfter = ToolRun.Snapshot(SingleFileApps.Folder(kind));
            var unwoven = Run(SingleFileApps.Bundle(kind), kind + "-unwoven", null);
            var log = _temp.File(kind + ".jsonl");
            var logged = Run(Path.Combine(output, "SingleFileApp"), kind + "-logged", new Dictionary<string, string?> { ["AUDITWEAVER_LOG"] = log });
            var acceptedBeforeDeny = _server.AcceptedAfterSettling();
            var denied = Run(Path.Combine(output, "SingleFileApp"), kind + "-denied", new Dictionary<string, string?> { ["AUDITWEAVER_DENY"] = "process.start,network.*" });
            _woven[kind] = new Woven(weave, before.Count == inputAfter.Count && before.All(p => inputAfter.GetValueOrDefault(p.Key) == p.Value), output, unwoven, logged, log, denied, _server.AcceptedAfterSettling() - acceptedBeforeDeny);
        }
    }

    [OneTimeTearDown]
    public void Delete()
    {
        _server?.Dispose();
        _temp?.Dispose();
    }

    [TestCase(SingleFileApps.FrameworkDependent)]
    [TestCase(SingleFileApps.SelfContained)]
    [TestCase(SingleFileApps.Compressed)]
    public void TheBundleIsWovenIntoOneExecutableFileAndTheInputIsUnchanged(string kind)
    {
        var woven = _woven[kind];
        Assert.That(woven.Weave.ExitCode, Is.EqualTo(0), woven.Weave.ToString());
        Assert.That(woven.InputUnchanged, Is.True, "the published folder is byte for byte as it was");
        Assert.That(woven.Weave.Output, Does.Contain("single-file app " + SingleFileApps.Bundle(kind) + ": bundle 6.0, "));
        Assert.That(woven.Weave.Output, Does.Match(@"\] woven\s+SingleFileApp\.dll: 3 call sites \(file 1, network 1, process 1\)"));
        Assert.That(woven.Weave.Output, Does.Contain("single-file app: wrote " + Path.Combine(woven.Output, "SingleFileApp") + ": ").And.Contain("(added AuditWeaver.dll)"));
        Assert.That(woven.Weave.Output, Does.Not.Contain("(of 0 assemblies)"));
        Assert.That(Directory.EnumerateFileSystemEntries(woven.Output).Select(Path.GetFileName), Is.EqualTo(new[] { "SingleFileApp" }), "one file, and no temporary file left");
        Assert.That(File.GetUnixFileMode(Path.Combine(woven.Output, "SingleFileApp")), Is.EqualTo(File.GetUnixFileMode(SingleFileApps.Bundle(kind))), "executable as the input was");
    }

    [TestCase(SingleFileApps.FrameworkDependent)]
    [TestCase(SingleFileApps.SelfContained)]
    [TestCase(SingleFileApps.Compressed)]
    public void TheWovenAppDoesWhatTheUnwovenAppDidAndRaisesItsEvents(string kind)
    {
        var woven = _woven[kind];
        Assert.That(woven.Unwoven.ExitCode, Is.EqualTo(0), woven.Unwoven.ToString());
        Assert.That(woven.Logged.ExitCode, Is.EqualTo(0), woven.Logged.ToString());
        Assert.That(woven.Logged.Output, Is.EqualTo(woven.Unwoven.Output));
        Assert.That(woven.Logged.Output, Does.Contain("file: wrote written.txt").And.Contain("process: hello from echo").And.Contain("network: status 200"));

        var events = File.ReadAllLines(woven.Log).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(Argument(events, "file.open", "path"), Is.EqualTo(Path.Combine(_temp.File(kind + "-logged"), "written.txt")));
            Assert.That(Argument(events, "process.start", "executable"), Is.EqualTo("echo"));
            Assert.That(Argument(events, "network.request", "uri"), Is.EqualTo(Url));
            Assert.That(events.Select(e => e.GetProperty("caller").GetString()), Has.All.StartWith("Program."));
        });
    }

    [TestCase(SingleFileApps.FrameworkDependent)]
    [TestCase(SingleFileApps.SelfContained)]
    [TestCase(SingleFileApps.Compressed)]
    public void DeniedOperationsDoNotHappen(string kind)
    {
        var denied = _woven[kind].Denied;
        Assert.That(denied.Output, Does.Contain("file: wrote written.txt").And.Contain("process: AuditDeniedException").And.Contain("network: AuditDeniedException"), denied.ToString());
        Assert.That(denied.Error, Does.Contain("audit: denied process.start").And.Contain("audit: denied network.request"));
        Assert.That(_woven[kind].ConnectionsWhileDenied, Is.EqualTo(0), "the denied request never connected");
    }

    [TestCase(SingleFileApps.FrameworkDependent)]
    [TestCase(SingleFileApps.SelfContained)]
    [TestCase(SingleFileApps.Compressed)]
    public void TheNewBundleHasItsOwnIdAlignedAssembliesAndTheRuntimeRegistered(string kind)
    {
        var original = SingleFileBundle.Open(SingleFileApps.Bundle(kind));
        var woven = SingleFileBundle.Open(Path.Combine(_woven[kind].Output, "SingleFileApp"));
        Assert.That(woven.Manifest.BundleId, Is.Not.EqualTo(original.Manifest.BundleId));
        Assert.That(woven.Manifest.MajorVersion, Is.EqualTo(6));
        Assert.That(woven.Manifest.Entries.Select(e => e.RelativePath), Is.EqualTo(original.Manifest.Entries.Select(e => e.RelativePath).Append("AuditWeaver.dll")));
        Assert.That(woven.Manifest.Entries.Where(e => e.Type == BundleFileType.Assembly && !e.IsCompressed).Select(e => e.Offset % 16), Has.All.EqualTo(0), "the host maps assemblies from the file");

        var runtime = woven.Manifest.Entries.Single(e => e.RelativePath == "AuditWeaver.dll");
        Assert.That(runtime.Type, Is.EqualTo(BundleFileType.Assembly));
        Assert.That(runtime.IsCompressed, Is.EqualTo(kind == SingleFileApps.Compressed));
        Assert.That(woven.IsCompressed, Is.EqualTo(original.IsCompressed));
        Assert.That(woven.IsSelfContained, Is.EqualTo(kind != SingleFileApps.FrameworkDependent));
        Assert.That(Content(woven, "SingleFileApp.deps.json"), Does.Contain("\"AuditWeaver/1.0.0\""));

        // What the weave did not change is stored as it was: the framework's assemblies keep their (compressed) bytes.
        var untouched = original.Manifest.Entries.First(e => e.RelativePath == (kind == SingleFileApps.FrameworkDependent ? "SingleFileApp.runtimeconfig.json" : "System.Private.CoreLib.dll"));
        Assert.That(woven.Manifest.Entries.Single(e => e.RelativePath == untouched.RelativePath) with { Offset = 0 }, Is.EqualTo(untouched with { Offset = 0 }));
    }

    private static string? Argument(IEnumerable<JsonElement> events, string name, string argument)
    {
        var match = events.FirstOrDefault(e => e.GetProperty("event").GetString() == name);
        return match.ValueKind == JsonValueKind.Undefined ? "(no " + name + " event)" : match.GetProperty("args").GetProperty(argument).GetString();
    }

    internal static string Content(SingleFileBundle bundle, string path)
    {
        using var stream = File.OpenRead(bundle.Path);
        using var content = new MemoryStream();
        BundleExtractor.CopyContent(stream, bundle.Manifest.Entries.Single(e => e.RelativePath == path), content);
        return System.Text.Encoding.UTF8.GetString(content.ToArray());
    }

    private ProcessResult Run(string app, string data, IReadOnlyDictionary<string, string?>? environment)
    {
        Directory.CreateDirectory(_temp.File(data));
        return ProcessRunner.Run(app, new[] { _temp.File(data), Url }, environment: environment);
    }

    private sealed record Woven(ProcessResult Weave, bool InputUnchanged, string Output, ProcessResult Unwoven, ProcessResult Logged, string Log, ProcessResult Denied, int ConnectionsWhileDenied);
}
