using System.Linq;
using System.Text.Json;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Tool.Framework;

/// <summary><c>auditweaver scan --framework</c> lists the call sites of what <c>weave --framework</c> would weave.</summary>
public sealed class FrameworkScanTests
{
    [Test]
    public void ScanWithFrameworkListsTheSharedFrameworkAssembliesTheAppUses()
    {
        var app = WovenFrameworkApps.Get("FrameworkApp", selfContained: false);
        var plain = ToolRun.InProcess("scan", app.Published, "--format", "json");
        var scan = ToolRun.InProcess("scan", app.Published, "--framework", "--format", "json");
        Assert.That(scan.ExitCode, Is.EqualTo(0), scan.ToString());

        using var document = JsonDocument.Parse(scan.Output);
        var sites = document.RootElement.GetProperty("assemblies").EnumerateArray()
            .ToDictionary(a => a.GetProperty("assembly").GetString()!, a => a.GetProperty("sites").EnumerateArray().Select(s => s.GetProperty("event").GetString()).ToList());
        using var plainDocument = JsonDocument.Parse(plain.Output);
        Assert.That(plainDocument.RootElement.GetProperty("assemblies").EnumerateArray().Select(a => a.GetProperty("assembly").GetString()), Does.Not.Contain("System.Private.Xml"));

        // The same framework assemblies the weave wrote have sites here, and their own P/Invokes are not among them.
        Assert.That(sites.Where(p => p.Value.Count > 0).Select(p => p.Key), Is.SupersetOf(app.WovenFramework().Keys));
        Assert.That(app.WovenFramework().Keys.SelectMany(k => sites[k]), Has.None.EqualTo("native.call"));
        Assert.That(sites, Does.Not.ContainKey("System.Private.CoreLib"));
    }
}
