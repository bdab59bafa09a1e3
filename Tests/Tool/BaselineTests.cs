using System.IO;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Tool;

/// <summary>
/// The capability baseline and the allow lists, with Fixtures/DriftLibrary rebuilt as version 2: a helper library that
/// only wrote files, and in its next version also starts a process.
/// </summary>
public class BaselineTests : TempFixture
{
    [Test]
    public void ANewerVersionThatGainedACapabilityFailsTheBaseline()
    {
        var app = CopyOfTheApp();
        var baseline = Temp.File("capabilities.lock.json");
        var update = ToolRun.InProcess("scan", app, "--baseline", baseline, "--update-baseline");
        Assert.That(update.ExitCode, Is.EqualTo(0), update.ToString());
        Assert.That(File.ReadAllText(baseline), Does.Contain("\"DriftLibrary\": {").And.Contain("\"process.start\""), "CliWrap's process.start is in the baseline; DriftLibrary's entry has only file");

        var unchanged = ToolRun.InProcess("scan", app, "--baseline", baseline);
        Assert.That(unchanged.ExitCode, Is.EqualTo(0), unchanged.ToString());

        File.Copy(Paths.DriftLibraryVersion2, Path.Combine(app, "DriftLibrary.dll"), overwrite: true);
        File.Copy(Path.ChangeExtension(Paths.DriftLibraryVersion2, ".pdb"), Path.Combine(app, "DriftLibrary.pdb"), overwrite: true);
        var upgraded = ToolRun.InProcess("scan", app, "--baseline", baseline);
        Assert.That(upgraded.ExitCode, Is.EqualTo(1), upgraded.ToString());
        Assert.That(upgraded.Error, Does.Contain(
            "error: DriftLibrary gained category process (1.0.1.0 in capabilities.lock.json, now 1.0.2.0): DriftLibrary.Store.Open calls M:System.Diagnostics.Process.Start(System.String,System.String) (process.start) at "
            + Path.Combine(Paths.RepositoryRoot, "Fixtures", "DriftLibrary", "Store.cs") + ":12"));
        Assert.That(upgraded.Error, Does.Contain("--update-baseline"), "says how to accept the change");

        var accepted = ToolRun.InProcess("scan", app, "--baseline", baseline, "--update-baseline");
        Assert.That(accepted.ExitCode, Is.EqualTo(0), accepted.ToString());
        Assert.That(ToolRun.InProcess("scan", app, "--baseline", baseline).ExitCode, Is.EqualTo(0));
    }

    [Test]
    public void AnAssemblyOutsideItsAllowListFailsTheScan()
    {
        var config = Temp.Write("FodyWeavers.xml", "<Weavers><AuditWeaver><Allow assembly='Drift*' categories='file' /></AuditWeaver></Weavers>");
        var allowed = ToolRun.InProcess("scan", Path.Combine(Paths.PackageUserOutput, "DriftLibrary.dll"), "--config", config);
        Assert.That(allowed.ExitCode, Is.EqualTo(0), allowed.ToString());

        var gained = ToolRun.InProcess("scan", Paths.DriftLibraryVersion2, "--config", config, "--format", "json");
        Assert.That(gained.ExitCode, Is.EqualTo(1), gained.ToString());
        Assert.That(gained.Error, Does.Contain("error: DriftLibrary: process.start is not in its <Allow> list (file): DriftLibrary.Store.Open calls M:System.Diagnostics.Process.Start(System.String,System.String) at "));
        Assert.That(gained.Output, Does.Contain("\"kind\": \"allow\""));

        var widened = Temp.Write("Widened.xml", "<AuditWeaver><Allow assembly='DriftLibrary' categories='file' events='process.start' /></AuditWeaver>");
        Assert.That(ToolRun.InProcess("scan", Paths.DriftLibraryVersion2, "--config", widened).ExitCode, Is.EqualTo(0));
    }

    [Test]
    public void WeaveRefusesAnAssemblyOutsideItsAllowListAndWritesNothingForIt()
    {
        var config = Temp.Write("FodyWeavers.xml", "<Weavers><AuditWeaver><Allow assembly='Drift*' categories='file' /></AuditWeaver></Weavers>");
        const string Violation = "DriftLibrary: process.start is not in its <Allow> list (file): DriftLibrary.Store.Open calls M:System.Diagnostics.Process.Start(System.String,System.String) at ";

        var single = ToolRun.InProcess("weave", Paths.DriftLibraryVersion2, "--config", config, "--out", Temp.File("single"));
        Assert.That(single.ExitCode, Is.EqualTo(1), single.ToString());
        Assert.That(single.Error, Does.Contain("error: " + Paths.DriftLibraryVersion2 + ": " + Violation));
        Assert.That(Directory.Exists(Temp.File("single")) ? Directory.GetFiles(Temp.File("single"), "*", SearchOption.AllDirectories) : System.Array.Empty<string>(), Is.Empty);

        // In a folder the other assemblies are woven; the one outside its list is neither woven nor copied.
        var app = CopyOfTheApp();
        File.Copy(Paths.DriftLibraryVersion2, Path.Combine(app, "DriftLibrary.dll"), overwrite: true);
        File.Copy(Path.ChangeExtension(Paths.DriftLibraryVersion2, ".pdb"), Path.Combine(app, "DriftLibrary.pdb"), overwrite: true);
        var folder = ToolRun.InProcess("weave", app, "--config", config, "--out", Temp.File("woven"));
        Assert.That(folder.ExitCode, Is.EqualTo(1), folder.ToString());
        Assert.That(folder.Output, Does.Contain("failed  DriftLibrary.dll: " + Violation));
        Assert.That(folder.Output, Does.Contain("failed (nothing written for them): DriftLibrary.dll"));
        Assert.That(File.Exists(Temp.File("woven/DriftLibrary.dll")), Is.False);
        Assert.That(File.Exists(Temp.File("woven/CliWrap.dll")), Is.True, "CliWrap is named by no allow list");

        var widened = Temp.Write("Widened.xml", "<AuditWeaver><Allow assembly='DriftLibrary' categories='file' events='process.start' /></AuditWeaver>");
        var allowed = ToolRun.InProcess("weave", Paths.DriftLibraryVersion2, "--config", widened, "--out", Temp.File("allowed"));
        Assert.That(allowed.ExitCode, Is.EqualTo(0), allowed.ToString());
        Assert.That(File.Exists(Temp.File("allowed/DriftLibrary.dll")), Is.True);
    }

    private string CopyOfTheApp()
    {
        var app = Temp.File("app");
        foreach (var file in Directory.EnumerateFiles(Paths.PackageUserOutput, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(app, Path.GetRelativePath(Paths.PackageUserOutput, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return app;
    }
}
