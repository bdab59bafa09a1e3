using System.IO;
using System.Linq;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Tool;

/// <summary>
/// --in-place rewrites the input folder itself, each file replaced in one step, and leaves no temporary files; a folder
/// the woven application could not run from is not touched at all.
/// </summary>
public class InPlaceTests : TempFixture
{
    [Test]
    public void InPlaceWeavesTheFolderItselfAndAgainIsANoOp()
    {
        var app = App();
        var first = ToolRun.InProcess("weave", app, "--in-place");
        Assert.That(first.ExitCode, Is.EqualTo(0), first.ToString());
        Assert.That(Directory.EnumerateFileSystemEntries(app).Select(Path.GetFileName), Is.EquivalentTo(new[] { "DriftLibrary.dll", "DriftLibrary.pdb", "PackageUser.deps.json", "PackageUser.runtimeconfig.json", "AuditWeaver.dll" }));
        Assert.That(File.ReadAllText(Path.Combine(app, "PackageUser.deps.json")), Does.Contain("\"AuditWeaver/1.0.0\""));

        var snapshot = ToolRun.Snapshot(app);
        var second = ToolRun.InProcess("weave", app, "--in-place");
        Assert.That(second.ExitCode, Is.EqualTo(0), second.ToString());
        Assert.That(second.Output, Does.Contain("skipped DriftLibrary.dll: already woven by AuditWeaver"));
        Assert.That(ToolRun.Snapshot(app), Is.EqualTo(snapshot));
    }

    [Test]
    public void AFolderTheRuntimeCannotBeCopiedIntoIsLeftAsItWas()
    {
        var app = App();
        var inTheWay = Path.Combine(app, "AuditWeaver.dll");
        Directory.CreateDirectory(inTheWay);
        var before = ToolRun.Snapshot(app);

        var result = ToolRun.InProcess("weave", app, "--in-place");
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Error, Is.EqualTo("error: the woven application could not run, so nothing was woven: " + inTheWay + ": is a folder, so the runtime cannot be copied there.\n"));
        Assert.That(result.Output, Is.Empty);
        Assert.That(ToolRun.Snapshot(app), Is.EqualTo(before));
        Assert.That(Directory.EnumerateFileSystemEntries(app).Select(Path.GetFileName), Is.EquivalentTo(new[] { "DriftLibrary.dll", "DriftLibrary.pdb", "PackageUser.deps.json", "PackageUser.runtimeconfig.json", "AuditWeaver.dll" }), "no temporary files");
        Assert.That(Directory.EnumerateFileSystemEntries(inTheWay), Is.Empty);
    }

    private string App()
    {
        var app = Temp.File("app");
        Directory.CreateDirectory(app);
        foreach (var name in new[] { "DriftLibrary.dll", "DriftLibrary.pdb", "PackageUser.deps.json", "PackageUser.runtimeconfig.json" })
        {
            File.Copy(Path.Combine(Paths.PackageUserOutput, name), Path.Combine(app, name));
        }

        return app;
    }
}
