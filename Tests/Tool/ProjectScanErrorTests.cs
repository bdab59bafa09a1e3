using System.IO;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Tool;

/// <summary>
/// What can be wrong with a project's restore, each said in one line naming the file and what is wrong, with the
/// restore that fixes it, and exit code 2 as for any usage error; never a stack trace.
/// </summary>
public class ProjectScanErrorTests : TempFixture
{
    [Test]
    public void AProjectThatWasNeverRestoredIsAClearError()
    {
        var project = Temp.Write("Consumer.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>");
        var scan = ToolRun.InProcess("scan", project);
        Assert.That(scan.ExitCode, Is.EqualTo(2), scan.ToString());
        Assert.That(scan.Error.Trim(), Is.EqualTo("error: " + project + ": the project has not been restored (no " + Assets + "); run `dotnet restore " + project + "` first, then scan again"
            + " (a project that writes its restore elsewhere, with artifacts output or its own BaseIntermediateOutputPath: scan that project.assets.json)."));
    }

    [TestCase("{\"version\": 3}", "targets is missing")]
    [TestCase("[1, 2]", "it is not a JSON object")]
    [TestCase("{\"version\": 3, \"targets\": {\"net10.0\": {}}, \"libraries\": {}, \"packageFolders\": {\"/p/\": {}},\n  \"project\": {\"frameworks\": [",
        "not JSON: Expected depth to be zero at the end of the JSON payload. There is an open JSON object or array that should be closed. LineNumber: 1 | BytePositionInLine: 29")]
    [TestCase("{\"version\": 3, \"targets\": {\"net10.0\": {\"Acme.Drift/1.0.0\": {\"type\": \"package\", \"runtime\": [\"lib/net10.0/DriftLibrary.dll\"]}}}, \"libraries\": {}, \"packageFolders\": {}}",
        "targets[\"net10.0\"][\"Acme.Drift/1.0.0\"].runtime is an array, not an object")]
    [TestCase("{\"version\": 3, \"targets\": {\"net10.0\": {\"Acme.Drift/1.0.0\": {\"type\": \"package\", \"runtime\": {\"../../../x.dll\": {}}}}}, \"libraries\": {}, \"packageFolders\": {}}",
        "targets[\"net10.0\"][\"Acme.Drift/1.0.0\"] names \"../../../x.dll\", which is not a path inside its folder")]
    [TestCase("{\"version\": 3, \"targets\": {\"../net10.0\": {}}, \"libraries\": {}, \"packageFolders\": {}}",
        "targets names \"../net10.0\", which is not a path inside its folder")]
    [TestCase("{\"version\": 3, \"targets\": {\"net10.0\": {}}, \"libraries\": {}, \"packageFolders\": {}, \"project\": {\"restore\": {\"projectPath\": 12}}}",
        "project.restore.projectPath is a number, not a string")]
    public void AMalformedAssetsFileIsNamedWithWhatIsWrong(string text, string what)
    {
        var project = Temp.Write("Consumer.csproj", "<Project />");
        Temp.Write(Path.Combine("obj", "project.assets.json"), System.Text.Encoding.UTF8.GetBytes(text));
        var scan = ToolRun.InProcess("scan", project);
        Assert.That(scan.ExitCode, Is.EqualTo(2), scan.ToString());
        Assert.That(scan.Error.Trim(), Is.EqualTo("error: " + Assets + " is not a restore's assets file (" + what + "); run `dotnet restore " + project + "` to write it again."));
    }

    [Test]
    public void AnAssetsFileOfAnotherProjectIsRefused()
    {
        var feed = new DriftPackageFeed(Temp);
        feed.PackBothVersions();
        var restored = feed.RestoredConsumer();

        // A second project in the same folder finds the first one's obj/.
        var other = Temp.Write("Other.csproj", "<Project />");
        var scan = ToolRun.InProcess("scan", other);
        Assert.That(scan.ExitCode, Is.EqualTo(2), scan.ToString());
        Assert.That(scan.Error.Trim(), Is.EqualTo("error: " + other + ": " + Assets + " is the restore of " + restored + ", not of this project (projects that share a folder share obj/ and overwrite"
            + " each other's restore; or obj/ was copied from elsewhere); run `dotnet restore " + other + "`, then scan right after it."));

        // Through a symbolic link to its folder, the project is still the one restored.
        var link = Temp.File("link");
        Directory.CreateSymbolicLink(link, Temp.Path);
        var linked = ToolRun.InProcess("scan", Path.Combine(link, "Consumer.csproj"));
        Assert.That(linked.ExitCode, Is.EqualTo(0), linked.ToString());
    }

    [Test]
    public void APackageMissingFromTheCacheIsNamedWithTheRestoreThatBringsItBack()
    {
        var feed = new DriftPackageFeed(Temp);
        feed.PackBothVersions();
        var project = feed.RestoredConsumer();
        var package = Path.Combine(feed.Packages, "acme.drift", "1.0.0");

        // A package folder with a file gone: the cache is damaged.
        File.Delete(Path.Combine(package, "lib", "net10.0", "DriftLibrary.dll"));
        var incomplete = ToolRun.InProcess("scan", project);
        Assert.That(incomplete.ExitCode, Is.EqualTo(2), incomplete.ToString());
        Assert.That(incomplete.Error.Trim(), Is.EqualTo("error: " + Assets + ": package Acme.Drift 1.0.0 in " + package + " lacks lib/net10.0/DriftLibrary.dll, which the restore lists;"
            + " the package folder is incomplete: delete it and run `dotnet restore " + project + "` again."));

        // No package folder at all: the cache was cleared since the restore.
        Directory.Delete(package, recursive: true);
        var missing = ToolRun.InProcess("scan", project);
        Assert.That(missing.ExitCode, Is.EqualTo(2), missing.ToString());
        Assert.That(missing.Error.Trim(), Is.EqualTo("error: " + Assets + ": package Acme.Drift 1.0.0 is not in the package folders the restore names (no " + package
            + "); the NuGet cache was cleared, or the restore was made elsewhere: run `dotnet restore " + project + "` again."));
    }

    [Test]
    public void AFailedRestoreIsNotScanned()
    {
        var feed = new DriftPackageFeed(Temp);
        feed.PackBothVersions();
        var project = feed.Project("Consumer.csproj", DriftPackageFeed.Drift("1.0.0") + "<PackageReference Include=\"Acme.Missing\" Version=\"1.0.0\" />");
        Assert.That(DotNetCli.Run(Temp.Path, "restore", project, "--configfile", feed.Config).ExitCode, Is.Not.EqualTo(0));
        Assert.That(File.Exists(Assets), "a failed restore still writes its assets file");

        var scan = ToolRun.InProcess("scan", project);
        Assert.That(scan.ExitCode, Is.EqualTo(2), scan.ToString());
        Assert.That(scan.Error.Trim(), Is.EqualTo("error: " + Assets + ": the restore failed (NU1101: Unable to find package Acme.Missing. No packages exist with this id in source(s): local);"
            + " fix the project and run `dotnet restore " + project + "` again."));
    }

    private string Assets => Temp.File(Path.Combine("obj", "project.assets.json"));
}
