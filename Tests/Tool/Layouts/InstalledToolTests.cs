using System.Collections.Generic;
using System.IO;
using System.Linq;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Tool.Layouts;

/// <summary>
/// A .NET tool as `dotnet tool install --tool-path` lays it out: a shim at the top, the package under .store/, and in it
/// an entry point that starts the real app from sub/ with `dotnet sub/LayoutApp.dll`. Woven as a whole folder, each of
/// the two apps gets the runtime in its own folder and deps.json, and the tool still starts from its shim.
/// </summary>
[NonParallelizable]
public class InstalledToolTests
{
    private const string Any = ".store/layouttool/1.0.0/layouttool/1.0.0/tools/net10.0/any";

    private TempDirectory _temp = null!;
    private ProcessResult _weave = null!;
    private ProcessResult _unwovenRun = null!;
    private ProcessResult _wovenRun = null!;
    private IReadOnlyDictionary<string, string> _before = null!;

    private string Woven => _temp.File("woven");

    [OneTimeSetUp]
    public void WeaveAndRun()
    {
        _temp = new TempDirectory();
        _before = ToolRun.Snapshot(LayoutApps.Tools);
        _weave = ToolRun.InProcess("weave", LayoutApps.Tools, "--out", Woven);
        _unwovenRun = LayoutApps.Run(Path.Combine(LayoutApps.Tools, "layout-tool"), new[] { _temp.File("unwoven-data") }, _temp.File("unwoven.jsonl"));
        _wovenRun = LayoutApps.Run(Path.Combine(Woven, "layout-tool"), new[] { _temp.File("woven-data") }, _temp.File("woven.jsonl"));
    }

    [OneTimeTearDown]
    public void Delete() => _temp?.Dispose();

    [Test]
    public void EachAppGetsTheRuntimeInItsOwnFolderAndDepsJson()
    {
        Assert.That(_weave.ExitCode, Is.EqualTo(0), _weave.ToString());
        Assert.That(_weave.Output, Does.StartWith("2 applications: " + Any + "/LayoutTool.deps.json, " + Any + "/sub/LayoutApp.deps.json\n"));
        foreach (var (folder, deps) in new[] { (Any, "LayoutTool.deps.json"), (Any + "/sub", "LayoutApp.deps.json") })
        {
            Assert.That(_weave.Output, Does.Contain("runtime: copied " + folder + "/AuditWeaver.dll (net8.0 build, "));
            Assert.That(_weave.Output, Does.Contain("runtime: registered AuditWeaver.dll in " + folder + "/" + deps + "\n"));
            Assert.That(File.ReadAllText(Path.Combine(Woven, folder, deps)), Does.Contain("\"AuditWeaver/1.0.0\""));
        }

        Assert.That(_weave.Output, Does.Contain("woven 3, skipped 0, failed 0 (of 3 assemblies)"));
        Assert.That(File.Exists(Path.Combine(Woven, "AuditWeaver.dll")), Is.False, "nothing at the top was woven, so the runtime is not put there");
        Assert.That(ToolRun.Snapshot(Woven).Keys, Is.EquivalentTo(_before.Keys.Append(Any + "/AuditWeaver.dll").Append(Any + "/sub/AuditWeaver.dll")), "every file once, no temporary file left");
        Assert.That(ToolRun.Snapshot(LayoutApps.Tools), Is.EqualTo(_before), "the installed tool is untouched");
    }

    [Test]
    public void TheWovenToolStartsFromItsShimAndRaisesTheEventsOfBothApps()
    {
        Assert.That(_unwovenRun.ExitCode, Is.EqualTo(0), _unwovenRun.ToString());
        Assert.That(_wovenRun.ExitCode, Is.EqualTo(0), _wovenRun.ToString());
        Assert.That(_wovenRun.Output, Is.EqualTo(_unwovenRun.Output).And.EqualTo("app: wrote 2 files\n"));
        Assert.That(LayoutApps.Events(_temp.File("unwoven.jsonl")), Is.Empty);

        var events = LayoutApps.Events(_temp.File("woven.jsonl"));
        Assert.That(events, Has.Some.Matches<(string Name, string? Path, string? Caller)>(e => e.Name == "process.start" && e.Path == "dotnet"), "the entry point, starting the real app");
        Assert.That(events, Has.Some.Matches<(string Name, string? Path, string? Caller)>(e => e.Name == "file.open" && e.Path == Path.Combine(_temp.File("woven-data"), "app", "lib.txt") && e.Caller == "LayoutLib.Notes.Save"));
        Assert.That(events, Has.Some.Matches<(string Name, string? Path, string? Caller)>(e => e.Name == "file.open" && e.Path == Path.Combine(_temp.File("woven-data"), "app", "app.txt")));
    }

    [Test]
    public void AuditWeaverDenyStopsTheAppBehindTheShim()
    {
        var data = _temp.File("denied-data");
        var denied = LayoutApps.Run(Path.Combine(Woven, "layout-tool"), new[] { data }, _temp.File("denied.jsonl"), deny: "file.open");
        Assert.That(denied.ExitCode, Is.Not.EqualTo(0), denied.ToString());
        Assert.That(denied.Error, Does.Contain("audit: denied file.open").And.Contain("AuditWeaver.AuditDeniedException"));
        Assert.That(Directory.Exists(Path.Combine(data, "app")), Is.True, "file.mkdir is not denied");
        Assert.That(Directory.EnumerateFiles(Path.Combine(data, "app")), Is.Empty, "no file was written");
    }

    [Test]
    public void WovenInPlaceTheInstalledToolRuns()
    {
        var tools = LayoutApps.Copy(LayoutApps.Tools, _temp.File("in-place"));
        var weave = ToolRun.InProcess("weave", tools, "--in-place");
        Assert.That(weave.ExitCode, Is.EqualTo(0), weave.ToString());

        var run = LayoutApps.Run(Path.Combine(tools, "layout-tool"), new[] { _temp.File("in-place-data") }, _temp.File("in-place.jsonl"));
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(LayoutApps.Events(_temp.File("in-place.jsonl")).Select(e => e.Caller), Does.Contain("LayoutLib.Notes.Save"));

        var again = ToolRun.InProcess("weave", tools, "--in-place");
        Assert.That(again.ExitCode, Is.EqualTo(0), again.ToString());
        Assert.That(again.Output, Does.Contain("woven 0, skipped 5, failed 0 (of 5 assemblies)").And.Contain("skipped 3: already woven by AuditWeaver").And.Contain(Any + "/sub/LayoutApp.deps.json already lists AuditWeaver.dll"));
    }

    [Test]
    public void ScanFindsTheAssembliesOfBothApps()
    {
        var scan = ToolRun.InProcess("scan", LayoutApps.Tools);
        Assert.That(scan.ExitCode, Is.EqualTo(0), scan.ToString());
        Assert.That(scan.Error, Does.StartWith("2 applications: " + Any + "/LayoutTool.deps.json, " + Any + "/sub/LayoutApp.deps.json\n"));
        Assert.That(scan.Error, Does.Contain("scanned " + Any + "/LayoutTool.dll: 1 call site (process 1)")
            .And.Contain("scanned " + Any + "/sub/LayoutApp.dll: ").And.Contain("scanned " + Any + "/sub/LayoutLib.dll: 1 call site (file 1)"));
        Assert.That(scan.Output, Does.Contain("LayoutLib.Notes.Save calls M:System.IO.File.WriteAllText(System.String,System.String) (file.open)"));
    }
}
