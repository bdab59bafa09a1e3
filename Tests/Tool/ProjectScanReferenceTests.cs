using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Tool;

/// <summary>
/// A project scan of an app that gets a package through ProjectReferences (App -> Lib -> Core -> Acme.Drift): the restore
/// flattens the referenced projects' packages into the app's closure, so they are scanned and said to come through
/// those projects; the projects' own code is not built, so they are named as not scanned.
/// </summary>
public class ProjectScanReferenceTests : TempFixture
{
    [Test]
    public void APackageOfAReferencedProjectIsScannedAndAttributedThroughIt()
    {
        var feed = new DriftPackageFeed(Temp);
        feed.PackBothVersions();
        var core = feed.Project(Path.Combine("Core", "Core.csproj"), DriftPackageFeed.Drift("1.0.0"));
        var library = feed.Project(Path.Combine("Lib", "Lib.csproj"), "<ProjectReference Include=\"../Core/Core.csproj\" />");
        var app = feed.Project(Path.Combine("App", "App.csproj"), "<ProjectReference Include=\"../Lib/Lib.csproj\" />");
        feed.Restore(app);

        var scan = ToolRun.InProcess("scan", app);
        Assert.That(scan.ExitCode, Is.EqualTo(0), scan.ToString());
        Assert.That(scan.Output, Does.Contain("DriftLibrary 1.0.1.0 (package Acme.Drift 1.0.0: lib/net10.0/DriftLibrary.dll, via project Lib -> project Core)"));
        Assert.That(scan.Output, Does.Contain("Project " + app + ", from its restore " + Path.Combine(Path.GetDirectoryName(app)!, "obj", "project.assets.json") + "\n  targets scanned: net10.0\n"
            + "  project references (not built, so their code is not scanned; the packages they bring are, above):\n    Core (" + core + ", via project Lib)\n    Lib (" + library + ")\n"));
        Assert.That(scan.Error, Does.Contain("; project references are not built, so not scanned (their packages are): Core, Lib"));

        var json = ToolRun.InProcess("scan", app, "--format", "json");
        Assert.That(json.ExitCode, Is.EqualTo(0), json.ToString());
        var report = JsonNode.Parse(json.Output)!;
        var drift = report["assemblies"]!.AsArray().Single(a => (string?)a!["package"] == "Acme.Drift")!;
        Assert.That(drift["via"]!.AsArray().Select(v => (string?)v), Is.EqualTo(new[] { "project Lib", "project Core" }));
        var references = report["project"]!["projectReferences"]!.AsArray().Select(r => (string?)r!["name"] + " " + (string?)r["path"] + " scanned: " + (bool?)r["scanned"]);
        Assert.That(references, Is.EqualTo(new[] { "Core " + core + " scanned: False", "Lib " + library + " scanned: False" }));
        var sarif = ToolRun.InProcess("scan", app, "--format", "sarif");
        Assert.That(sarif.Output, Does.Contain("\"projectReferences\"").And.Contain("\"path\": \"" + library + "\"").And.Contain("\"path\": \"" + core + "\""));

        // Each result points at the assembly where the restore put it, which outlives the scan.
        var location = JsonNode.Parse(sarif.Output)!["runs"]![0]!["results"]![0]!["locations"]![0]!["physicalLocation"]!["artifactLocation"]!;
        Assert.That((string?)location["uri"], Is.EqualTo(new System.Uri(Path.Combine(feed.Packages, "acme.drift", "1.0.0", "lib", "net10.0", "DriftLibrary.dll")).AbsoluteUri));
        Assert.That(location["uriBaseId"], Is.Null);

        // Core bumps its package: the app's baseline says the gain and the project it came through.
        var baseline = Temp.File("capabilities.lock.json");
        Assert.That(ToolRun.InProcess("scan", app, "--baseline", baseline, "--update-baseline").ExitCode, Is.EqualTo(0));
        feed.Project(Path.Combine("Core", "Core.csproj"), DriftPackageFeed.Drift("1.1.0"));
        feed.Restore(app);
        var bumped = ToolRun.InProcess("scan", app, "--baseline", baseline);
        Assert.That(bumped.ExitCode, Is.EqualTo(1), bumped.ToString());
        Assert.That(bumped.Error, Does.Contain("error: package Acme.Drift 1.0.0 -> 1.1.0 gained category process (assembly DriftLibrary, via project Lib -> project Core): DriftLibrary.Store.Open calls M:System.Diagnostics.Process.Start"));
    }
}
