using System.IO;
using System.Text.Json.Nodes;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Tool;

/// <summary>
/// Runtime-specific package assemblies in a project scan. Acme.Drift carries the file-writing DriftLibrary in lib/ and,
/// for linux-x64, the one that also starts a process in runtimes/linux-x64/lib/: a build for linux-x64 copies the second
/// one only, a portable build copies both (the host picks one at start-up), and the scan must see what is copied.
/// </summary>
public class ProjectScanRuntimeTests : TempFixture
{
    private const string RuntimeItem = "runtimes/linux-x64/lib/net10.0/DriftLibrary.dll";

    [Test]
    public void AProjectWithARuntimeIdentifierIsScannedWithItsRuntimesAssembly()
    {
        var project = Restored("<RuntimeIdentifier>linux-x64</RuntimeIdentifier>");

        var scan = ToolRun.InProcess("scan", project);
        Assert.That(scan.ExitCode, Is.EqualTo(0), scan.ToString());
        Assert.That(scan.Error, Does.Contain("project " + project + ", target net10.0/linux-x64 (the restore's only runtime: what a build for linux-x64 copies): 1 runtime assemblies of 1 packages"));
        Assert.That(scan.Output, Does.Contain("DriftLibrary 1.0.2.0 (package Acme.Drift 1.0.0: " + RuntimeItem + ")"));
        Assert.That(scan.Output, Does.Contain("DriftLibrary.Store.Open calls M:System.Diagnostics.Process.Start(System.String,System.String) (process.start)"));
        Assert.That(scan.Output, Does.Not.Contain("(package Acme.Drift 1.0.0: lib/net10.0/DriftLibrary.dll)"), "a build for linux-x64 does not copy the portable assembly");
        Assert.That(scan.Output, Does.Contain("\n  targets scanned: net10.0/linux-x64\n"));

        // A runtime the restore was not made for is an error that says how to restore for it.
        var other = ToolRun.InProcess("scan", project, "--runtime", "win-x64");
        Assert.That(other.ExitCode, Is.EqualTo(2), other.ToString());
        Assert.That(other.Error.Trim(), Is.EqualTo("error: --runtime win-x64: " + Temp.File(Path.Combine("obj", "project.assets.json")) + " has no target for net10.0 on win-x64 (runtimes restored: linux-x64);"
            + " add <RuntimeIdentifiers>win-x64</RuntimeIdentifiers> to the project or run `dotnet restore " + project + " -r win-x64`, then scan again."));
    }

    [Test]
    public void APortableProjectIsScannedWithEveryRuntimesAssemblyNamed()
    {
        var project = Restored(string.Empty);

        var scan = ToolRun.InProcess("scan", project);
        Assert.That(scan.ExitCode, Is.EqualTo(0), scan.ToString());
        Assert.That(scan.Output, Does.Contain("DriftLibrary 1.0.1.0 (package Acme.Drift 1.0.0: lib/net10.0/DriftLibrary.dll)"));
        Assert.That(scan.Output, Does.Contain("DriftLibrary 1.0.2.0 (package Acme.Drift 1.0.0: " + RuntimeItem + ")"));
        Assert.That(scan.Output, Does.Contain("DriftLibrary (linux-x64)"), "the table of categories tells the two apart");

        var json = ToolRun.InProcess("scan", project, "--format", "json");
        Assert.That(json.ExitCode, Is.EqualTo(0), json.ToString());
        Assert.That(json.Output, Does.Contain("\"runtime\": \"linux-x64\""));

        // The baseline holds what either copy can do: a process started on linux-x64 is no gain.
        var baseline = Temp.File("capabilities.lock.json");
        Assert.That(ToolRun.InProcess("scan", project, "--baseline", baseline, "--update-baseline").ExitCode, Is.EqualTo(0));
        Assert.That(File.ReadAllText(baseline), Does.Contain("\"process\""));
        Assert.That(ToolRun.InProcess("scan", project, "--baseline", baseline).ExitCode, Is.EqualTo(0));
    }

    [Test]
    public void ARuntimeAmongSeveralIsChosenWithTheRuntimeOption()
    {
        // Restoring for several runtimes downloads their runtime packs, which the offline feed lacks; so the restore for
        // linux-x64 gets a win-x64 target written as NuGet writes one: the portable target's packages, whose
        // runtime-specific items are for other runtimes, with their lib/ items.
        var project = Restored("<RuntimeIdentifier>linux-x64</RuntimeIdentifier>");
        var assetsPath = Temp.File(Path.Combine("obj", "project.assets.json"));
        var assets = JsonNode.Parse(File.ReadAllText(assetsPath))!;
        var portableCopy = assets["targets"]!["net10.0"]!.DeepClone();
        portableCopy["Acme.Drift/1.0.0"]!.AsObject().Remove("runtimeTargets");
        assets["targets"]!.AsObject().Add("net10.0/win-x64", portableCopy);
        File.WriteAllText(assetsPath, assets.ToJsonString());

        var portable = ToolRun.InProcess("scan", project);
        Assert.That(portable.ExitCode, Is.EqualTo(0), portable.ToString());
        Assert.That(portable.Error, Does.Contain(", target net10.0 (portable, with each runtime's assemblies; restored also for linux-x64, win-x64: --runtime <rid> scans what a build for one copies): 2 runtime assemblies"));

        var windows = ToolRun.InProcess("scan", project, "--runtime", "win-x64");
        Assert.That(windows.ExitCode, Is.EqualTo(0), windows.ToString());
        Assert.That(windows.Output, Does.Contain("DriftLibrary 1.0.1.0 (package Acme.Drift 1.0.0: lib/net10.0/DriftLibrary.dll)").And.Not.Contain(RuntimeItem));

        var linux = ToolRun.InProcess("scan", project, "--runtime", "linux-x64");
        Assert.That(linux.ExitCode, Is.EqualTo(0), linux.ToString());
        Assert.That(linux.Output, Does.Contain("(package Acme.Drift 1.0.0: " + RuntimeItem + ")").And.Contain("process.start").And.Not.Contain("1.0.0: lib/net10.0/DriftLibrary.dll)"));

        // The options choose among a project's targets; on anything else they are a mistake.
        var folder = ToolRun.InProcess("scan", Path.GetDirectoryName(DriftPackageFeed.Version1)!, "--runtime", "linux-x64");
        Assert.That(folder.ExitCode, Is.EqualTo(2), folder.ToString());
        Assert.That(folder.Error.Trim(), Is.EqualTo("error: --runtime chooses among a project's restored targets: the input must be a project file or its project.assets.json, not " + Path.GetDirectoryName(DriftPackageFeed.Version1) + "."));
    }

    private string Restored(string properties)
    {
        var feed = new DriftPackageFeed(Temp);
        feed.Pack("1.0.0", ("lib/net10.0/DriftLibrary.dll", DriftPackageFeed.Version1), (RuntimeItem, DriftPackageFeed.Version2));
        var project = feed.Project("Consumer.csproj", DriftPackageFeed.Drift("1.0.0"), properties);
        feed.Restore(project);
        return project;
    }
}
