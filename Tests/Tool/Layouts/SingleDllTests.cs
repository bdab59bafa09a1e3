using System.IO;
using System.Linq;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Tool.Layouts;

/// <summary>
/// One DLL woven alone gets the runtime beside it, in the build for its target framework, and one line saying what the
/// app that loads it needs; dropped into an app with a deps.json, it runs once the app lists the runtime, either way.
/// </summary>
public class SingleDllTests : TempFixture
{
    private const string Needs = "runtime: an app loads only the assemblies its deps.json lists, so the app that loads LayoutLib.dll needs AuditWeaver.dll listed there: "
        + "reference the AuditWeaver.Fody package in it, or weave the app's folder (auditweaver weave <app folder>), which registers it.\n";

    [Test]
    public void ANetStandardLibraryGetsTheNetStandardRuntimeAndSaysWhatTheAppNeeds()
    {
        var weave = ToolRun.InProcess("weave", Path.Combine(LayoutApps.App, "LayoutLib.dll"), "--out", Temp.File("lib"));
        Assert.That(weave.ExitCode, Is.EqualTo(0), weave.ToString());
        Assert.That(weave.Output, Does.Contain("runtime: copied AuditWeaver.dll (netstandard2.0 build, ").And.Contain(Needs));
        Assert.That(Directory.EnumerateFiles(Temp.File("lib")).Select(Path.GetFileName), Is.EquivalentTo(new[] { "LayoutLib.dll", "LayoutLib.pdb", "AuditWeaver.dll" }));
        Assert.That(File.ReadAllBytes(Temp.File("lib/AuditWeaver.dll")), Is.EqualTo(File.ReadAllBytes(Paths.RuntimeNetStandard)));

        // One already there is the user's: kept.
        File.WriteAllText(Temp.File("lib/AuditWeaver.dll"), "theirs");
        var again = ToolRun.InProcess("weave", Path.Combine(LayoutApps.App, "LayoutLib.dll"), "--out", Temp.File("lib"));
        Assert.That(again.ExitCode, Is.EqualTo(0), again.ToString());
        Assert.That(again.Output, Does.Contain("runtime: kept the AuditWeaver.dll that was there"));
        Assert.That(File.ReadAllText(Temp.File("lib/AuditWeaver.dll")), Is.EqualTo("theirs"));
    }

    [Test]
    public void ANet10AssemblyGetsTheNet8Runtime()
    {
        var weave = ToolRun.InProcess("weave", Path.Combine(LayoutApps.App, "LayoutApp.dll"), "--out", Temp.File("app"));
        Assert.That(weave.ExitCode, Is.EqualTo(0), weave.ToString());
        Assert.That(weave.Output, Does.Contain("runtime: copied AuditWeaver.dll (net8.0 build, "));
        Assert.That(File.ReadAllBytes(Temp.File("app/AuditWeaver.dll")), Is.EqualTo(File.ReadAllBytes(LayoutApps.RuntimeNet8)));
    }

    [Test]
    public void DroppedIntoAnAppThatDoesNotListTheRuntimeItRunsOnceTheAppFolderIsWoven()
    {
        var lib = ToolRun.InProcess("weave", Path.Combine(LayoutApps.App, "LayoutLib.dll"), "--out", Temp.File("lib"));
        Assert.That(lib.ExitCode, Is.EqualTo(0), lib.ToString());
        var app = LayoutApps.Copy(LayoutApps.App, Temp.File("app"));
        File.Copy(Temp.File("lib/LayoutLib.dll"), Path.Combine(app, "LayoutLib.dll"), overwrite: true);
        File.Copy(Temp.File("lib/AuditWeaver.dll"), Path.Combine(app, "AuditWeaver.dll"));

        // What the line warns of: the file is there, but the host loads only what the deps.json lists.
        var before = LayoutApps.Run("dotnet", new[] { Path.Combine(app, "LayoutApp.dll"), Temp.File("data") }, Temp.File("before.jsonl"));
        Assert.That(before.ExitCode, Is.Not.EqualTo(0), before.ToString());
        Assert.That(before.Error, Does.Contain("System.IO.FileNotFoundException").And.Contain("AuditWeaver"));

        var weave = ToolRun.InProcess("weave", app, "--in-place");
        Assert.That(weave.ExitCode, Is.EqualTo(0), weave.ToString());
        Assert.That(weave.Output, Does.Contain("skipped LayoutLib.dll: already woven by AuditWeaver").And.Contain("runtime: registered AuditWeaver.dll in LayoutApp.deps.json"));

        var after = LayoutApps.Run("dotnet", new[] { Path.Combine(app, "LayoutApp.dll"), Temp.File("data") }, Temp.File("after.jsonl"));
        Assert.That(after.ExitCode, Is.EqualTo(0), after.ToString());
        Assert.That(LayoutApps.Events(Temp.File("after.jsonl")).Select(e => e.Caller), Does.Contain("LayoutLib.Notes.Save"));
    }

    [Test]
    public void DroppedIntoAnAppThatReferencesTheRuntimeItRunsAsItIs()
    {
        var lib = ToolRun.InProcess("weave", Path.Combine(LayoutApps.Other, "LayoutLib.dll"), "--out", Temp.File("lib"));
        Assert.That(lib.ExitCode, Is.EqualTo(0), lib.ToString());
        var other = LayoutApps.Copy(LayoutApps.Other, Temp.File("other"));
        File.Copy(Temp.File("lib/LayoutLib.dll"), Path.Combine(other, "LayoutLib.dll"), overwrite: true);

        var run = LayoutApps.Run("dotnet", new[] { Path.Combine(other, "LayoutOther.dll"), Temp.File("data") }, Temp.File("events.jsonl"));
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Output, Is.EqualTo("hook: file.open LayoutLib.Notes.Save\nother: done\n"), "only the woven library raises: the app itself is not woven");

        var denied = LayoutApps.Run("dotnet", new[] { Path.Combine(other, "LayoutOther.dll"), Temp.File("denied") }, Temp.File("denied.jsonl"), deny: "file.open");
        Assert.That(denied.ExitCode, Is.Not.EqualTo(0), denied.ToString());
        Assert.That(denied.Error, Does.Contain("audit: denied file.open"));
        Assert.That(File.Exists(Path.Combine(Temp.File("denied"), "other", "lib.txt")), Is.False);
    }
}
