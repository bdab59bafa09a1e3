using System.Collections.Generic;
using System.IO;
using System.Linq;
using NUnit.Framework;

namespace Tests.Tool.Framework;

/// <summary>
/// The woven app's start-up check: a framework assembly it expects woven that loads from a file other than the woven
/// copy (the framework was patched or rolled forward) stops the app with a message naming the assembly and the remedy,
/// or, with AUDITWEAVER_ALLOW_DEGRADED=1, raises audit.degraded first and runs on. The mismatch is made by putting the
/// shared framework's own, unwoven System.Private.Xml.dll where the woven copy was.
/// </summary>
[TestFixture(true)]
[TestFixture(false)]
public sealed class FrameworkCheckTests : FrameworkAppTests
{
    public FrameworkCheckTests(bool selfContained)
        : base(selfContained)
    {
    }

    [Test]
    public void AnUnwovenFrameworkAssemblyWhereTheWovenOneWasStopsTheApp()
    {
        var folder = Unwoven("System.Private.Xml");
        var run = FrameworkRun.Start(Path.Combine(folder, App.Project), Work, "http://127.0.0.1:9/");

        Assert.That(run.Result.ExitCode, Is.EqualTo(78), run.Result.ToString());
        Assert.That(run.Result.Error, Does.Contain("audit: refusing to start: System.Private.Xml was loaded from " + Path.Combine(folder, "System.Private.Xml.dll") + ", not the copy woven by 'auditweaver weave --framework'"));
        Assert.That(run.Result.Error, Does.Contain("Weave the application again (auditweaver weave <app folder> --framework), or set AUDITWEAVER_ALLOW_DEGRADED=1"));
        Assert.That(run.Result.Output, Does.Not.Contain("xml: root"), "no XML was read by the unaudited copy");
    }

    [Test]
    public void WithDegradedRunsAllowedTheAppRaisesAuditDegradedAndRunsOn()
    {
        var folder = Unwoven("System.Private.Xml");
        var run = FrameworkRun.Start(Path.Combine(folder, App.Project), Work, "http://127.0.0.1:9/", new Dictionary<string, string?> { ["AUDITWEAVER_ALLOW_DEGRADED"] = "1" });

        Assert.That(run.Result.ExitCode, Is.EqualTo(0), run.Result.ToString());
        Assert.That(run.Line("xml"), Is.EqualTo("root hello"));
        Assert.That(run.Result.Error, Does.Contain("audit: running degraded (AUDITWEAVER_ALLOW_DEGRADED is set): System.Private.Xml was loaded from"));
        var degraded = run.Events.Where(e => e.Name == "audit.degraded").ToList();
        Assert.That(degraded.Select(e => (e["assembly"], e["path"])), Is.EqualTo(new[] { ("System.Private.Xml", (string?)Path.Combine(folder, "System.Private.Xml.dll")) }), string.Join("\n", run.Events));

        // Raised when the assembly loads, before any of its code runs; nothing from its own call sites follows.
        Assert.That(run.Events.Where(e => e.Caller != null && e.Caller.StartsWith("System.Xml.", System.StringComparison.Ordinal) && !e.Caller.StartsWith("System.Xml.Linq.", System.StringComparison.Ordinal)), Is.Empty, "the unwoven System.Private.Xml raises nothing (System.Private.Xml.Linq is still woven)");
        Assert.That(run.Events.Where(e => e.Caller?.StartsWith("System.IO.Compression.", System.StringComparison.Ordinal) == true), Is.Not.Empty, "the other woven assemblies still raise their events");
    }

    [Test]
    public void DenyingAuditDegradedStopsTheAppToo()
    {
        var folder = Unwoven("System.Private.Xml");
        var run = FrameworkRun.Start(Path.Combine(folder, App.Project), Work, "http://127.0.0.1:9/", new Dictionary<string, string?> { ["AUDITWEAVER_ALLOW_DEGRADED"] = "1", ["AUDITWEAVER_DENY"] = "audit.degraded" });

        Assert.That(run.Result.ExitCode, Is.EqualTo(78), run.Result.ToString());
        Assert.That(run.Result.Error, Does.Contain("audit.degraded was denied"));
        Assert.That(run.Events.Count(e => e.Name == "audit.degraded"), Is.EqualTo(1), "logged before it was denied");
    }

    // A copy of the woven app with the shared framework's own file (unwoven, its precompiled code intact) in place of
    // the woven copy of <name>: what the host loads when the machine's framework is newer than the weave.
    private string Unwoven(string name)
    {
        var folder = App.CopyWoven(Work);
        var original = Path.Combine(App.Published, name + ".dll");
        File.Copy(File.Exists(original) ? original : Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, name + ".dll"), Path.Combine(folder, name + ".dll"), overwrite: true);
        return folder;
    }
}
