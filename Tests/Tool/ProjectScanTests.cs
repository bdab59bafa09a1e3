using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Tool;

/// <summary>
/// <c>auditweaver scan project.csproj</c>: a project's restored packages, scanned without a build. The package is
/// Fixtures/DriftLibrary packed twice into a local feed (1.0.0 writes files; 1.1.0 also starts a process), restored
/// offline into a private packages folder.
/// </summary>
public class ProjectScanTests : TempFixture
{
    [Test]
    public void APackageBumpThatGainsACapabilityFailsTheBaselineOnTheProjectFile()
    {
        var feed = new DriftPackageFeed(Temp);
        feed.PackBothVersions();
        var project = feed.RestoredConsumer();

        var baseline = Temp.File("capabilities.lock.json");
        var first = ToolRun.InProcess("scan", project, "--baseline", baseline, "--update-baseline");
        Assert.That(first.ExitCode, Is.EqualTo(0), first.ToString());
        Assert.That(first.Output, Does.Contain("DriftLibrary 1.0.1.0 (package Acme.Drift 1.0.0: lib/net10.0/DriftLibrary.dll)"));
        Assert.That(first.Error, Does.Contain("project " + project + ", target net10.0: 1 runtime assemblies of 1 packages, from " + Temp.File(Path.Combine("obj", "project.assets.json"))));
        Assert.That(File.ReadAllText(baseline), Does.Contain("\"package\": \"Acme.Drift\"").And.Contain("\"packageVersion\": \"1.0.0\""));
        Assert.That(ToolRun.InProcess("scan", project, "--baseline", baseline).ExitCode, Is.EqualTo(0));

        feed.RestoredConsumer("1.1.0");
        var bumped = ToolRun.InProcess("scan", project, "--baseline", baseline);
        Assert.That(bumped.ExitCode, Is.EqualTo(1), bumped.ToString());
        Assert.That(bumped.Error, Does.Contain("error: package Acme.Drift 1.0.0 -> 1.1.0 gained category process (assembly DriftLibrary): DriftLibrary.Store.Open calls M:System.Diagnostics.Process.Start(System.String,System.String) (process.start)"));
        Assert.That(bumped.Error, Does.Contain("auditweaver scan " + project + " --baseline " + baseline + " --update-baseline"));
        Assert.That(bumped.Error, Does.Not.Contain("warning:"), "restored after the last change");

        // The assets file itself is an input too.
        var assets = ToolRun.InProcess("scan", Temp.File(Path.Combine("obj", "project.assets.json")), "--format", "json");
        Assert.That(assets.ExitCode, Is.EqualTo(0), assets.ToString());
        Assert.That(assets.Output, Does.Contain("\"package\": \"Acme.Drift\"").And.Contain("\"packageVersion\": \"1.1.0\"").And.Contain("\"process.start\""));
        var report = JsonNode.Parse(assets.Output)!;
        Assert.That((string?)report["project"]!["path"], Is.EqualTo(project));
        Assert.That(report["project"]!["targets"]!.AsArray().Select(t => (string?)t), Is.EqualTo(new[] { "net10.0" }));
        var drift = report["assemblies"]!.AsArray().Single(a => (string?)a!["package"] == "Acme.Drift")!;
        Assert.That(drift["via"]!.AsArray(), Is.Empty, "the project references the package itself");

        // A project file changed after its restore is scanned as restored, with a warning saying so.
        feed.Project("Consumer.csproj", DriftPackageFeed.Drift("1.0.0"));
        File.SetLastWriteTimeUtc(project, File.GetLastWriteTimeUtc(Temp.File(Path.Combine("obj", "project.assets.json"))).AddSeconds(5));
        var stale = ToolRun.InProcess("scan", project);
        Assert.That(stale.ExitCode, Is.EqualTo(0), stale.ToString());
        Assert.That(stale.Error, Does.Contain("warning: " + project + " was changed after the restore (" + Temp.File(Path.Combine("obj", "project.assets.json"))
            + "); the scan shows the packages of that restore: run `dotnet restore " + project + "` to scan the project as it is now."));
        Assert.That(stale.Output, Does.Contain("package Acme.Drift 1.1.0"));

        // So is a change to the central package versions the project imports (the nearest Directory.Packages.props above it).
        File.SetLastWriteTimeUtc(project, File.GetLastWriteTimeUtc(Temp.File(Path.Combine("obj", "project.assets.json"))));
        var central = Temp.Write("Directory.Packages.props", "<Project />");
        File.SetLastWriteTimeUtc(central, File.GetLastWriteTimeUtc(Temp.File(Path.Combine("obj", "project.assets.json"))).AddSeconds(5));
        var centralStale = ToolRun.InProcess("scan", project);
        Assert.That(centralStale.Error, Does.Contain("warning: " + central + " was changed after the restore (").And.Not.Contain("warning: " + project));
    }

    [Test]
    public void OneTargetFrameworkOfAMultiTargetedProjectIsChosenByName()
    {
        // net10.0-browser needs no targeting pack beyond the SDK's, so the project restores offline from the local feed.
        var feed = new DriftPackageFeed(Temp);
        feed.Pack("1.0.0", ("lib/net10.0/DriftLibrary.dll", DriftPackageFeed.Version1), ("lib/net10.0-browser1.0/DriftLibrary.dll", DriftPackageFeed.Version2));
        var project = feed.Project("Consumer.csproj", DriftPackageFeed.Drift("1.0.0"), "<TargetFrameworks>net10.0;net10.0-browser</TargetFrameworks>");
        feed.Restore(project);

        var both = ToolRun.InProcess("scan", project);
        Assert.That(both.ExitCode, Is.EqualTo(0), both.ToString());
        Assert.That(both.Output, Does.Contain("DriftLibrary 1.0.1.0 (package Acme.Drift 1.0.0: lib/net10.0/DriftLibrary.dll)").And.Contain("DriftLibrary 1.0.2.0 (package Acme.Drift 1.0.0: lib/net10.0-browser1.0/DriftLibrary.dll)"));
        Assert.That(both.Output, Does.Contain("  DriftLibrary (net10.0-browser) ").And.Contain("  DriftLibrary (net10.0) "), "the table of categories tells the targets apart");

        var one = ToolRun.InProcess("scan", project, "--target-framework", "net10.0-browser");
        Assert.That(one.ExitCode, Is.EqualTo(0), one.ToString());
        Assert.That(one.Output, Does.Contain("DriftLibrary 1.0.2.0 (package Acme.Drift 1.0.0: lib/net10.0-browser1.0/DriftLibrary.dll)").And.Not.Contain("lib/net10.0/"));
        Assert.That(one.Error, Does.Contain(", target net10.0-browser: 1 runtime assemblies"));

        var missing = ToolRun.InProcess("scan", project, "--target-framework", "net9.0");
        Assert.That(missing.ExitCode, Is.EqualTo(2), missing.ToString());
        Assert.That(missing.Error.Trim(), Is.EqualTo("error: --target-framework net9.0: " + Temp.File(Path.Combine("obj", "project.assets.json")) + " has no such target framework (it has net10.0, net10.0-browser)."));
    }
}
