using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using AuditWeaver.Fody.Applications;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.EndToEnd;

/// <summary>
/// <c>&lt;AuditWeaver Framework="true"&gt;</c> on a self-contained ReadyToRun publish of a fresh app from the quick
/// start, against the packed package: the runtime pack's assemblies are woven, so framework code raises events with
/// its own methods as callers, and the SDK's own ReadyToRun step compiles the woven copies again. The publish writes the
/// start-up manifest beside the app, so a woven framework assembly replaced by another file stops the app. One publish
/// (the slow part) serves every test.
/// </summary>
[NonParallelizable]
public class FrameworkPublishTests
{
    // XDocument.Load(path) opens the file inside System.Private.Xml: no call site of the app's own opens it.
    private const string Operations = """

        var document = Path.Combine(args[0], "doc.xml");
        using (var writer = new StreamWriter(document))
        {
            writer.Write("<root />");
        }

        Console.WriteLine("root: " + System.Xml.Linq.XDocument.Load(document).Root!.Name);
        """;

    private const string Xml = "System.Private.Xml";

    private ConsumerProject? _app;
    private TempDirectory? _output;

    private string Output => _output!.Path;

    [OneTimeSetUp]
    public void Publish()
    {
        _app = ConsumerProject.Create(PackageFeed.Current, "net10.0");
        _app.WriteWeaversFile(Weavers("Framework=\"true\""));
        _app.WriteProgram(QuickStart.Program + Operations + Environment.NewLine);
        _output = new TempDirectory();
        var publish = DotNetCli.Run(_app.Directory, "publish", "-c", "Release", "-f", "net10.0", "-r", "linux-x64", "--self-contained", "-p:PublishReadyToRun=true", "-o", Output);
        Assert.That(publish.ExitCode, Is.EqualTo(0), publish.ToString());
    }

    [OneTimeTearDown]
    public void Delete()
    {
        _output?.Dispose();
        _app?.Dispose();
    }

    [Test]
    public void FrameworkTrueWeavesTheRuntimePackAndReadyToRunCompilesTheWovenCopies()
    {
        var run = RunApp();
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Output, Does.Contain("root: root"));
        Assert.That(
            run.Output,
            Does.Match("file\\.open\\(path: \"" + System.Text.RegularExpressions.Regex.Escape(Path.Combine(run.Data, "doc.xml")) + "\"[^\\n]*caller=System\\.Xml\\."),
            "the framework's own file open, announced with its framework method as caller" + Environment.NewLine + run);

        // Woven and precompiled again: the copy the app runs carries the weave's marker and ReadyToRun code.
        var xml = AssemblyFacts.Read(Path.Combine(Output, Xml + ".dll"));
        Assert.That(xml.IsWoven, Is.True, Xml + ".dll in the publish folder is not woven");
        Assert.That(xml.IsReadyToRun, Is.True, "the woven " + Xml + ".dll was not compiled by ReadyToRun");
        Assert.That(AssemblyFacts.Read(Path.Combine(Output, "System.Private.CoreLib.dll")).IsWoven, Is.False, "System.Private.CoreLib cannot be woven");
    }

    [Test]
    public void ThePublishListsEveryWovenFrameworkAssemblyByTheIdItHasAfterReadyToRun()
    {
        var manifest = Manifest();
        var woven = Directory.GetFiles(Output, "*.dll").Select(AssemblyFacts.Read).Where(f => f.IsWoven && RuntimePackFile(f.Name + ".dll") != null).ToList();
        Assert.That(woven.Select(f => f.Name), Does.Contain(Xml));
        Assert.That(woven, Has.Count.GreaterThan(10), "woven framework files in the publish folder");

        // Exactly the woven framework files, each by the id the published (precompiled) file has, which is not its original's.
        Assert.That(manifest.Keys, Is.EquivalentTo(woven.Select(f => f.Name)));
        Assert.Multiple(() =>
        {
            foreach (var facts in woven)
            {
                Assert.That(manifest[facts.Name], Is.EqualTo(facts.ModuleVersionId), facts.Name + ": the manifest's id is not the published file's");
                Assert.That(facts.ModuleVersionId, Is.Not.EqualTo(AssemblyFacts.Read(RuntimePackFile(facts.Name + ".dll")!).ModuleVersionId), facts.Name + ": the woven copy kept its original's id");
            }
        });
        Assert.That(File.ReadAllText(Path.Combine(Output, FrameworkManifest.FileName)), Does.Contain("woven-by a self-contained 'dotnet publish' with <AuditWeaver Framework=\"true\">"));
    }

    [Test]
    public void AWovenFrameworkAssemblyReplacedByItsOriginalStopsTheAppOrWithDegradedRunsAllowedRaisesAuditDegraded()
    {
        var published = Path.Combine(Output, Xml + ".dll");
        var woven = File.ReadAllBytes(published);
        File.Copy(RuntimePackFile(Xml + ".dll")!, published, overwrite: true);
        try
        {
            var refused = RunApp();
            Assert.That(refused.ExitCode, Is.EqualTo(78), refused.ToString());
            Assert.That(refused.Error, Does.Contain("audit: refusing to start: " + Xml + " was loaded from " + published + ", not the copy woven by a self-contained 'dotnet publish' with <AuditWeaver Framework=\"true\">"));
            Assert.That(refused.Error, Does.Contain("Weave the application again (dotnet publish the project again), or set AUDITWEAVER_ALLOW_DEGRADED=1"));
            Assert.That(refused.Output, Does.Not.Contain("root: root"), "no XML was read by the unaudited copy");

            var degraded = RunApp(new Dictionary<string, string?> { ["AUDITWEAVER_ALLOW_DEGRADED"] = "1" });
            Assert.That(degraded.ExitCode, Is.EqualTo(0), degraded.ToString());
            Assert.That(degraded.Output, Does.Contain("root: root"));
            Assert.That(degraded.Error, Does.Contain("audit: running degraded (AUDITWEAVER_ALLOW_DEGRADED is set): " + Xml + " was loaded from " + published));

            // The quick start's hook prints every event: audit.degraded naming the assembly, and no file.open from its code.
            Assert.That(degraded.Output, Does.Contain("audit.degraded(assembly: \"" + Xml + "\", path: \"" + published + "\""), degraded.ToString());
            Assert.That(degraded.Output, Does.Not.Match("caller=System\\.Xml\\.(?!Linq)"), "the unwoven " + Xml + " raises nothing");
        }
        finally
        {
            File.WriteAllBytes(published, woven);
        }
    }

    [Test]
    public void APublishThatWeavesNoFrameworkRemovesAManifestAnEarlierOneLeftInItsFolder()
    {
        // A framework-dependent publish into a folder holding the self-contained one's manifest: the manifest would
        // describe files this publish does not have, and the app would refuse to start on the machine's framework.
        using var folder = new TempDirectory();
        File.Copy(Path.Combine(Output, FrameworkManifest.FileName), folder.File(FrameworkManifest.FileName));
        var publish = DotNetCli.Run(_app!.Directory, "publish", "-c", "Release", "-f", "net10.0", "--no-self-contained", "-o", folder.Path);
        Assert.That(publish.ExitCode, Is.EqualTo(0), publish.ToString());
        Assert.That(folder.File(FrameworkManifest.FileName), Does.Not.Exist);

        using var data = new TempDirectory();
        var run = ProcessRunner.Run("dotnet", [folder.File(ConsumerProject.Name + ".dll"), data.Path], data.Path);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Output, Does.Contain("root: root"));
    }

    [Test]
    public void WithDependenciesNoneTheFrameworkIsStillWovenAndListed()
    {
        // Framework="true" asks for the framework whatever Dependencies says. The woven copies come from the first
        // publish's cache (the fingerprint leaves Dependencies out), so this publish compiles nothing again.
        try
        {
            _app!.WriteWeaversFile(Weavers("Framework=\"true\" Dependencies=\"none\""));
            using var folder = new TempDirectory();
            var publish = DotNetCli.Run(_app.Directory, "publish", "-c", "Release", "-f", "net10.0", "-r", "linux-x64", "--self-contained", "-o", folder.Path);
            Assert.That(publish.ExitCode, Is.EqualTo(0), publish.ToString());
            var xml = AssemblyFacts.Read(folder.File(Xml + ".dll"));
            Assert.That(xml.IsWoven, Is.True, Xml + ".dll is not woven");
            Assert.That(Manifest(folder.Path)[Xml], Is.EqualTo(xml.ModuleVersionId));
        }
        finally
        {
            _app!.WriteWeaversFile(Weavers("Framework=\"true\""));
        }
    }

    // The quick start's FodyWeavers.xml with attributes on <AuditWeaver>.
    private static string Weavers(string attributes) => QuickStart.WeaversFile.Replace("<AuditWeaver />", "<AuditWeaver " + attributes + " />", StringComparison.Ordinal);

    private (int ExitCode, string Output, string Error, string Data) RunApp(IReadOnlyDictionary<string, string?>? environment = null)
    {
        using var data = new TempDirectory();
        var run = ProcessRunner.Run(Path.Combine(Output, ConsumerProject.Name), [data.Path], data.Path, environment);
        return (run.ExitCode, run.Output, run.Error, data.Path);
    }

    // assembly <name> <module version id> lines of AuditWeaver.framework.txt.
    private Dictionary<string, Guid> Manifest(string? folder = null)
    {
        var path = Path.Combine(folder ?? Output, FrameworkManifest.FileName);
        Assert.That(path, Does.Exist, "the publish wrote no start-up manifest");
        return File.ReadAllLines(path).Select(l => l.Split(' ')).Where(f => f.Length == 3 && f[0] == "assembly").ToDictionary(f => f[1], f => Guid.Parse(f[2]));
    }

    // The runtime pack's own file (what the publish wove), from the package the publish's deps.json names; null when it has none.
    private string? RuntimePackFile(string fileName)
    {
        using var deps = JsonDocument.Parse(File.ReadAllText(Path.Combine(Output, ConsumerProject.Name + ".deps.json")));
        var pack = deps.RootElement.GetProperty("libraries").EnumerateObject().Select(p => p.Name).Single(n => n.StartsWith("runtimepack.Microsoft.NETCore.App.Runtime.", StringComparison.Ordinal));
        var (id, version) = (pack["runtimepack.".Length..pack.IndexOf('/', StringComparison.Ordinal)], pack[(pack.IndexOf('/', StringComparison.Ordinal) + 1)..]);
        var path = Path.Combine(NuGetCache.PackageFolder(id, version), "runtimes", "linux-x64", "lib", "net10.0", fileName);
        return File.Exists(path) ? path : null;
    }
}
