using System.IO;
using System.Linq;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Tool;

/// <summary>
/// The files the .NET host reads beside an application (<c>*.runtimeconfig.json</c>, <c>*.deps.json</c>) when they
/// cannot be opened or hold values of the wrong type: a warning or an error naming the file, never a crash.
/// </summary>
public class HostFilesTests : TempFixture
{
    private const string WrongTypes = "{\"runtimeOptions\": {\"tfm\": 5, \"framework\": {\"name\": 5}}}";
    private const string DamagedDeps = "{\"targets\": [], \"libraries\": {}}";
    private const string NotAString = "(The requested operation requires an element of type 'String', but the target element has type 'Number')";

    [Test]
    public void DamagedFilesArePassedOverWithAWarningNamingThem()
    {
        var app = App();
        var config = Temp.Write("app/App.runtimeconfig.json", WrongTypes);
        var unreadable = ToolRun.Dangling(Path.Combine(app, "Other.runtimeconfig.json"));
        var deps = Temp.Write("app/App.deps.json", DamagedDeps);
        var before = ToolRun.Snapshot(app);

        var scan = ToolRun.InProcess("scan", app);
        Assert.That(scan.ExitCode, Is.EqualTo(0), scan.ToString());
        Assert.That(scan.Error, Does.StartWith(
            "warning: " + config + ": is damaged " + NotAString + "; passed over, so the frameworks it names are not searched for references.\n"
            + "warning: " + unreadable + ": cannot be read (Could not find file '" + unreadable + "'); passed over, so the frameworks it names are not searched for references.\n"
            + "warning: " + deps + ": is damaged (The requested operation requires an element of type 'Object', but the target element has type 'Array'); passed over, so only the shared framework's file names tell framework assemblies apart.\n"
            + "[1/1] scanned DriftLibrary.dll: 1 call site (file 1)\n"), scan.ToString());
        Assert.That(ToolRun.Snapshot(app), Is.EqualTo(before));
    }

    [Test]
    public void AWrongTypeInTheRuntimeConfigGetsTheRuntimeThatRunsEverywhere()
    {
        var app = App();
        File.Copy(Path.Combine(Paths.PackageUserOutput, "PackageUser.deps.json"), Path.Combine(app, "PackageUser.deps.json"));
        var config = Temp.Write("app/PackageUser.runtimeconfig.json", WrongTypes);

        var weave = ToolRun.InProcess("weave", app, "--out", Temp.File("out"));
        Assert.That(weave.ExitCode, Is.EqualTo(0), weave.ToString());
        Assert.That(weave.Error, Is.EqualTo("warning: " + config + ": is damaged " + NotAString + "; passed over, so the frameworks it names are not searched for references.\n"));
        Assert.That(weave.Output, Does.Contain("runtime: copied AuditWeaver.dll (netstandard2.0 build, ").And.Contain("runtime: registered AuditWeaver.dll in PackageUser.deps.json"));
        Assert.That(Directory.EnumerateFiles(Temp.File("out")).Select(Path.GetFileName), Is.EquivalentTo(new[] { "DriftLibrary.dll", "AuditWeaver.dll", "PackageUser.deps.json", "PackageUser.runtimeconfig.json" }));
    }

    [TestCase("--in-place", DamagedDeps, ": is damaged (The requested operation requires an element of type 'Object', but the target element has type 'Array'); AuditWeaver.dll cannot be registered in it, and the host could not load the application from it either.")]
    [TestCase("--out", DamagedDeps, ": is damaged (The requested operation requires an element of type 'Object', but the target element has type 'Array'); AuditWeaver.dll cannot be registered in it, and the host could not load the application from it either.")]
    [TestCase("--in-place", "{\"libraries\": {}}", ": has no \"targets\" object, so AuditWeaver.dll cannot be registered in it.")]
    [TestCase("--out", "{\"libraries\": {}}", ": has no \"targets\" object, so AuditWeaver.dll cannot be registered in it.")]
    public void ADepsJsonTheRuntimeCannotBeRegisteredInStopsTheWeaveBeforeAnythingIsWritten(string mode, string text, string problem)
    {
        var app = App();
        var deps = Temp.Write("app/App.deps.json", text);
        var before = ToolRun.Snapshot(Temp.Path);

        var weave = ToolRun.InProcess(mode == "--in-place" ? new[] { "weave", app, "--in-place" } : new[] { "weave", app, "--out", Temp.File("out") });
        Assert.That(weave.ExitCode, Is.EqualTo(1), weave.ToString());
        Assert.That(weave.Error, Is.EqualTo("error: the woven application could not run, so nothing was woven: " + deps + problem + "\n"));
        Assert.That(weave.Output, Is.Empty);
        Assert.That(ToolRun.Snapshot(Temp.Path), Is.EqualTo(before), "the input as it was, and no --out folder");
        Assert.That(Directory.Exists(Temp.File("out")), Is.False);
    }

    private string App()
    {
        var app = Temp.File("app");
        Directory.CreateDirectory(app);
        File.Copy(Path.Combine(Paths.PackageUserOutput, "DriftLibrary.dll"), Path.Combine(app, "DriftLibrary.dll"));
        return app;
    }
}
