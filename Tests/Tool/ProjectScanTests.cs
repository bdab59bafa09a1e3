using System.IO;
using System.IO.Compression;
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
    private const string Project = "Consumer.csproj";

    [Test]
    public void APackageBumpThatGainsACapabilityFailsTheBaselineOnTheProjectFile()
    {
        var feed = Directory.CreateDirectory(Temp.File("feed")).FullName;
        Pack(feed, "1.0.0", Path.Combine(Path.GetDirectoryName(Paths.DriftLibraryVersion2)!.Replace("/v2/", "/v1/", System.StringComparison.Ordinal), "DriftLibrary.dll"));
        Pack(feed, "1.1.0", Paths.DriftLibraryVersion2);
        Temp.Write("NuGet.config", "<configuration><packageSources><clear /><add key='local' value='" + feed + "' /></packageSources></configuration>");
        var project = Consumer("1.0.0");
        Restore();

        var baseline = Temp.File("capabilities.lock.json");
        var first = ToolRun.InProcess("scan", project, "--baseline", baseline, "--update-baseline");
        Assert.That(first.ExitCode, Is.EqualTo(0), first.ToString());
        Assert.That(first.Output, Does.Contain("DriftLibrary 1.0.1.0 (package Acme.Drift 1.0.0: lib/net10.0/DriftLibrary.dll)"));
        Assert.That(File.ReadAllText(baseline), Does.Contain("\"package\": \"Acme.Drift\"").And.Contain("\"packageVersion\": \"1.0.0\""));
        Assert.That(ToolRun.InProcess("scan", project, "--baseline", baseline).ExitCode, Is.EqualTo(0));

        Consumer("1.1.0");
        Restore();
        var bumped = ToolRun.InProcess("scan", project, "--baseline", baseline);
        Assert.That(bumped.ExitCode, Is.EqualTo(1), bumped.ToString());
        Assert.That(bumped.Error, Does.Contain("error: package Acme.Drift 1.0.0 -> 1.1.0 gained category process (assembly DriftLibrary): DriftLibrary.Store.Open calls M:System.Diagnostics.Process.Start(System.String,System.String) (process.start)"));
        Assert.That(bumped.Error, Does.Contain("auditweaver scan " + project + " --baseline " + baseline + " --update-baseline"));

        // The assets file itself is an input too.
        var assets = ToolRun.InProcess("scan", Temp.File(Path.Combine("obj", "project.assets.json")), "--format", "json");
        Assert.That(assets.ExitCode, Is.EqualTo(0), assets.ToString());
        Assert.That(assets.Output, Does.Contain("\"package\": \"Acme.Drift\"").And.Contain("\"packageVersion\": \"1.1.0\"").And.Contain("\"process.start\""));
    }

    [Test]
    public void AProjectThatWasNeverRestoredIsAClearError()
    {
        var project = Temp.Write(Project, "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>");
        var scan = ToolRun.InProcess("scan", project);
        Assert.That(scan.ExitCode, Is.EqualTo(2), scan.ToString());
        Assert.That(scan.Error.Trim(), Is.EqualTo("error: " + project + ": the project has not been restored (no " + Temp.File(Path.Combine("obj", "project.assets.json")) + "); run `dotnet restore " + project + "` first, then scan again."));

        Temp.Write(Path.Combine("obj", "project.assets.json"), System.Text.Encoding.UTF8.GetBytes("{\"version\": 3}"));
        var damaged = ToolRun.InProcess("scan", project);
        Assert.That(damaged.ExitCode, Is.EqualTo(2), damaged.ToString());
        Assert.That(damaged.Error, Does.Contain("project.assets.json is not a restore's assets file (it has no targets, libraries or packageFolders); run `dotnet restore " + project + "`"));
        Assert.That(damaged.Error, Does.Not.Contain("   at "), "no stack trace");
    }

    // A package is a zip with a nuspec and the assembly under lib/: what dotnet pack would write for this library.
    private static void Pack(string feed, string version, string assembly)
    {
        using var package = ZipFile.Open(Path.Combine(feed, "Acme.Drift." + version + ".nupkg"), ZipArchiveMode.Create);
        using (var nuspec = new StreamWriter(package.CreateEntry("Acme.Drift.nuspec").Open()))
        {
            nuspec.Write("<?xml version=\"1.0\"?><package xmlns=\"http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd\"><metadata><id>Acme.Drift</id><version>" + version
                + "</version><authors>tests</authors><description>A helper library that gains a capability.</description></metadata></package>");
        }

        package.CreateEntryFromFile(assembly, "lib/net10.0/DriftLibrary.dll");
    }

    private string Consumer(string version) =>
        Temp.Write(Project, "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net10.0</TargetFramework><RestorePackagesPath>" + Temp.File("packages")
            + "</RestorePackagesPath></PropertyGroup><ItemGroup><PackageReference Include=\"Acme.Drift\" Version=\"" + version + "\" /></ItemGroup></Project>");

    private void Restore() => DotNetCli.Succeed(Temp.Path, "restore", Project, "--configfile", Temp.File("NuGet.config"));
}
