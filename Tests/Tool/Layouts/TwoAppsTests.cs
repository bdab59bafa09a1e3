using System.IO;
using System.Linq;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Tool.Layouts;

/// <summary>
/// A folder holding two apps side by side, one of which references AuditWeaver itself: each gets the runtime in its own
/// folder (listed in its own deps.json), each runs woven with its events and honours AUDITWEAVER_DENY.
/// </summary>
public class TwoAppsTests : TempFixture
{
    [Test]
    public void EachAppIsWovenAndRunsWithItsEvents()
    {
        var apps = Temp.File("apps");
        LayoutApps.Copy(LayoutApps.App, Path.Combine(apps, "app"));
        LayoutApps.Copy(LayoutApps.Other, Path.Combine(apps, "other"));
        var woven = Temp.File("woven");

        var weave = ToolRun.InProcess("weave", apps, "--out", woven);
        Assert.That(weave.ExitCode, Is.EqualTo(0), weave.ToString());
        Assert.That(weave.Output, Does.StartWith("2 applications: app/LayoutApp.deps.json, other/LayoutOther.deps.json\n"));
        Assert.That(weave.Output, Does.Contain("runtime: registered AuditWeaver.dll in app/LayoutApp.deps.json\n"));
        Assert.That(weave.Output, Does.Contain("runtime: other/LayoutOther.deps.json already lists AuditWeaver.dll\n"), "the app that references the runtime keeps its own entry");
        Assert.That(weave.Output, Does.Contain("skipped other/AuditWeaver.dll: the AuditWeaver runtime, which is never woven"));
        Assert.That(File.Exists(Path.Combine(woven, "AuditWeaver.dll")), Is.False);

        var app = LayoutApps.Run("dotnet", new[] { Path.Combine(woven, "app", "LayoutApp.dll"), Temp.File("data") }, Temp.File("app.jsonl"));
        Assert.That(app.ExitCode, Is.EqualTo(0), app.ToString());
        Assert.That(LayoutApps.Events(Temp.File("app.jsonl")).Where(e => e.Name == "file.open").Select(e => e.Caller), Does.Contain("LayoutLib.Notes.Save"));

        // The other app's own hook sees what its woven code and the woven library raise.
        var other = LayoutApps.Run(Path.Combine(woven, "other", "LayoutOther"), new[] { Temp.File("data") }, Temp.File("other.jsonl"));
        Assert.That(other.ExitCode, Is.EqualTo(0), other.ToString());
        Assert.That(other.Output, Does.Contain("hook: file.mkdir ").And.Contain("hook: file.open LayoutLib.Notes.Save\n").And.EndWith("other: done\n"));

        foreach (var program in new[] { Path.Combine(woven, "app", "LayoutApp"), Path.Combine(woven, "other", "LayoutOther") })
        {
            var denied = LayoutApps.Run(program, new[] { Temp.File("denied") }, Temp.File("denied.jsonl"), deny: "file.open");
            Assert.That(denied.ExitCode, Is.Not.EqualTo(0), denied.ToString());
            Assert.That(denied.Error, Does.Contain("audit: denied file.open"), program);
        }

        var scan = ToolRun.InProcess("scan", apps);
        Assert.That(scan.ExitCode, Is.EqualTo(0), scan.ToString());
        Assert.That(scan.Error, Does.Contain("scanned app/LayoutLib.dll: 1 call site (file 1)").And.Contain("scanned other/LayoutLib.dll: 1 call site (file 1)"));
    }
}
