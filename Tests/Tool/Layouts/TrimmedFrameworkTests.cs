using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Mono.Cecil;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Tool.Layouts;

/// <summary>
/// A self-contained app runs on the framework it carries, and a trimmed one carries only the members its code used when
/// it was published. Publishing a trimmed app here would cost a minute of ILLink per test run, so the app is made the
/// way trimming leaves it: LayoutApp with the framework copied beside it (self-contained), then one framework member
/// the runtime calls removed, or one framework assembly the runtime uses removed whole, as ILLink removes unused ones.
/// The weave fails that app with one line naming what is missing, and writes nothing of it.
/// </summary>
public class TrimmedFrameworkTests : TempFixture
{
    private const string DiagnosticSource = "System.Diagnostics.DiagnosticSource.dll";

    [Test]
    public void AFrameworkMemberTheRuntimeCallsIsMissing()
    {
        var app = SelfContained();
        var path = Path.Combine(app, DiagnosticSource);
        using (var module = ModuleDefinition.ReadModule(new MemoryStream(File.ReadAllBytes(path))))
        {
            // Renamed rather than removed: the assembly's own calls to it follow, calls by name from outside find nothing.
            foreach (var method in module.GetType("System.Diagnostics.Metrics.Meter").Methods.Where(m => m.Name == "CreateCounter"))
            {
                method.Name = "CreateCounterTrimmed";
            }

            // ReadyToRun code cannot be written back; as IL only the assembly is what trimming would have left.
            module.Attributes = (module.Attributes | ModuleAttributes.ILOnly) & ~ModuleAttributes.ILLibrary;
            module.Architecture = TargetArchitecture.I386;
            module.Write(path);
        }

        AssertFails(app, "M:System.Diagnostics.Metrics.Meter.CreateCounter``1(System.String,System.String,System.String) (needed by AuditWeaver.dll)");
    }

    [Test]
    public void AFrameworkAssemblyTheRuntimeUsesIsMissing()
    {
        var app = SelfContained();
        File.Delete(Path.Combine(app, DiagnosticSource));
        AssertFails(app, "System.Diagnostics.DiagnosticSource.dll (the whole assembly) (needed by AuditWeaver.dll)");
    }

    [Test]
    public void AWholeFrameworkHasEverything()
    {
        var app = SelfContained();
        var weave = ToolRun.InProcess("weave", app, "--out", Temp.File("out"));
        Assert.That(weave.ExitCode, Is.EqualTo(0), weave.ToString());
        Assert.That(weave.Output, Does.Contain("woven 2, skipped ").And.Contain("runtime: copied AuditWeaver.dll (net8.0 build, "));
        Assert.That(File.Exists(Temp.File("out/LayoutApp.dll")), Is.True);
    }

    private void AssertFails(string app, string missing)
    {
        var before = ToolRun.Snapshot(app);
        var weave = ToolRun.InProcess("weave", app, "--out", Temp.File("out"));
        Assert.That(weave.ExitCode, Is.EqualTo(1), weave.ToString());
        Assert.That(weave.Error, Does.Match(@"^error: LayoutApp\.deps\.json: the app's own framework \(trimmed when it was published\) lacks what the woven app would call: [^\n]*"
            + System.Text.RegularExpressions.Regex.Escape(missing) + @"[^\n]*; nothing was written for this app\. Publish it without PublishTrimmed, or weave it at build time with the AuditWeaver\.Fody package\.\n"));
        Assert.That(weave.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(1), "one line");
        Assert.That(weave.Output, Does.Contain("woven 0, skipped ").And.Contain(", failed 2 ("));
        Assert.That(Directory.Exists(Temp.File("out")) ? Directory.EnumerateFileSystemEntries(Temp.File("out"), "*", SearchOption.AllDirectories) : Enumerable.Empty<string>(), Is.Empty, "nothing written");

        var inPlace = ToolRun.InProcess("weave", app, "--in-place");
        Assert.That(inPlace.ExitCode, Is.EqualTo(1), inPlace.ToString());
        Assert.That(ToolRun.Snapshot(app), Is.EqualTo(before), "the app is as it was");
    }

    // LayoutApp with the framework it runs on beside it, as a self-contained publish lays it out.
    private string SelfContained()
    {
        var app = LayoutApps.Copy(LayoutApps.App, Temp.File("app"));
        foreach (var file in Directory.EnumerateFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll"))
        {
            File.Copy(file, Path.Combine(app, Path.GetFileName(file)));
        }

        return app;
    }
}
