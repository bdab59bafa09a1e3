using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.Versioning;
using System.Text.Json;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Tool.SingleFile;

/// <summary>The other ways a single-file app reaches the tool: its publish folder, in place, and scan.</summary>
[SupportedOSPlatform("linux")]
public class SingleFileLayoutTests : TempFixture
{
    [Test]
    public void APublishFolderWeavesItsBundleAndCopiesTheRest()
    {
        var folder = SingleFileApps.Folder(SingleFileApps.FrameworkDependent);
        var weave = ToolRun.InProcess("weave", folder, "--out", Temp.File("out"));
        Assert.That(weave.ExitCode, Is.EqualTo(0), weave.ToString());
        Assert.That(weave.Output, Does.Contain("single-file app " + Path.Combine(folder, "SingleFileApp") + ": bundle 6.0, 3 files, framework-dependent"));
        Assert.That(weave.Output, Does.Not.Contain("(of 0 assemblies)"), "the folder's only app is the bundle, and its summary is the one that counts");
        Assert.That(Directory.EnumerateFiles(Temp.File("out")).Select(Path.GetFileName).Order(), Is.EqualTo(new[] { "SingleFileApp", "SingleFileApp.pdb" }));
        AssertRunsWithEvents(Path.Combine(Temp.File("out"), "SingleFileApp"));
    }

    [Test]
    public void InPlaceReplacesTheBundleInOneStep()
    {
        var bundle = Temp.Write("app/SingleFileApp", File.ReadAllBytes(SingleFileApps.Bundle(SingleFileApps.FrameworkDependent)));
        File.SetUnixFileMode(bundle, File.GetUnixFileMode(SingleFileApps.Bundle(SingleFileApps.FrameworkDependent)));
        var weave = ToolRun.InProcess("weave", bundle, "--in-place");
        Assert.That(weave.ExitCode, Is.EqualTo(0), weave.ToString());
        Assert.That(Directory.EnumerateFileSystemEntries(Temp.File("app")).Select(Path.GetFileName), Is.EqualTo(new[] { "SingleFileApp" }));
        AssertRunsWithEvents(bundle);

        var again = ToolRun.InProcess("weave", bundle, "--in-place");
        Assert.That(again.Output, Does.Match(@"skipped SingleFileApp\.dll: [^\n]*woven"), "a woven bundle is recognised as woven");
    }

    [Test]
    public void ScanListsTheCallSitesInsideTheBundle()
    {
        var bundle = SingleFileApps.Bundle(SingleFileApps.Compressed);
        var scan = ToolRun.InProcess("scan", bundle, "--format", "json");
        Assert.That(scan.ExitCode, Is.EqualTo(0), scan.ToString());
        using var report = JsonDocument.Parse(scan.Output);
        Assert.That(report.RootElement.GetProperty("input").GetString(), Is.EqualTo(bundle));
        var app = report.RootElement.GetProperty("assemblies").EnumerateArray().Single(a => a.GetProperty("assembly").GetString() == "SingleFileApp");
        Assert.That(app.GetProperty("file").GetString(), Is.EqualTo("SingleFileApp.dll"));
        Assert.That(app.GetProperty("sites").EnumerateArray().Select(s => s.GetProperty("event").GetString()).Order(), Is.EqualTo(new[] { "file.open", "network.request", "process.start" }));

        var text = ToolRun.InProcess("scan", bundle);
        Assert.That(text.Output, Does.Contain("SingleFileApp 1.0.0.0 (SingleFileApp.dll)").And.Contain("Program.Main.<lambda> calls "));
    }

    private void AssertRunsWithEvents(string app)
    {
        using var server = new LoopbackServer(http: true);
        var data = Directory.CreateDirectory(Temp.File("data")).FullName;
        var run = ProcessRunner.Run(app, new[] { data, server.BaseUri.ToString() }, environment: new Dictionary<string, string?> { ["AUDITWEAVER_LOG"] = Temp.File("log.jsonl") });
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Output, Does.Contain("network: status 200"));
        var events = File.ReadAllLines(Temp.File("log.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("event").GetString());
        Assert.That(events, Is.EquivalentTo(new[] { "file.open", "process.start", "network.request" }));
    }
}
