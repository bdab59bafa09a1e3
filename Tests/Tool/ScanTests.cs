using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using AuditWeaver.Weaving;
using Mono.Cecil;
using Mono.Cecil.Cil;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Tool;

/// <summary><c>auditweaver scan</c> over the build output of Fixtures/PackageUser: the inventory, without weaving.</summary>
public class ScanTests : TempFixture
{
    [Test]
    public void JsonCountsMatchWhatWeaveWove()
    {
        var scan = ToolRun.InProcess("scan", Paths.PackageUserOutput, "--format", "json", "--out", Temp.File("scan.json"));
        Assert.That(scan.ExitCode, Is.EqualTo(0), scan.ToString());
        var weave = ToolRun.InProcess("weave", Paths.PackageUserOutput, "--out", Temp.File("woven"));
        Assert.That(weave.ExitCode, Is.EqualTo(0), weave.ToString());

        using var report = JsonDocument.Parse(File.ReadAllText(Temp.File("scan.json")));
        var assemblies = report.RootElement.GetProperty("assemblies").EnumerateArray().ToList();
        Assert.That(assemblies.Select(a => a.GetProperty("assembly").GetString()), Is.SupersetOf(new[] { "Serilog", "Serilog.Sinks.File", "CliWrap", "Castle.Core", "Flurl.Http", "DriftLibrary", "PackageUser" }));
        foreach (var assembly in assemblies)
        {
            var scanned = assembly.GetProperty("sites").EnumerateArray().Select(s => s.GetProperty("event").GetString()!).OrderBy(e => e, StringComparer.Ordinal).ToList();
            var summary = assembly.GetProperty("summary").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
            Assert.That(summary.Values.Sum(), Is.EqualTo(scanned.Count));
            var woven = WovenEvents(Path.Combine(Temp.File("woven"), assembly.GetProperty("file").GetString()!));
            Assert.That(woven, Is.EqualTo(scanned), assembly.GetProperty("assembly").GetString() + ": the woven site table has exactly the sites the scan listed");
        }

        Assert.That(assemblies.Sum(a => a.GetProperty("sites").GetArrayLength()), Is.GreaterThan(50));
    }

    [Test]
    public void SarifHasTheRequiredPropertiesAndLocationsThatResolve()
    {
        var scan = ToolRun.InProcess("scan", Paths.PackageUserOutput, "--format", "sarif", "--out", Temp.File("scan.sarif"));
        Assert.That(scan.ExitCode, Is.EqualTo(0), scan.ToString());
        using var sarif = JsonDocument.Parse(File.ReadAllText(Temp.File("scan.sarif")));
        var root = sarif.RootElement;
        Assert.That(root.GetProperty("version").GetString(), Is.EqualTo("2.1.0"));
        Assert.That(root.GetProperty("$schema").GetString(), Does.Contain("sarif-2.1.0"));
        var run = root.GetProperty("runs").EnumerateArray().Single();
        var driver = run.GetProperty("tool").GetProperty("driver");
        Assert.That(driver.GetProperty("name").GetString(), Is.EqualTo("auditweaver"));
        var rules = driver.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()!).ToList();
        Assert.That(rules, Is.Unique);
        Assert.That(driver.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("shortDescription").GetProperty("text").GetString()), Has.All.Not.Empty);
        var bases = run.GetProperty("originalUriBaseIds").EnumerateObject().ToDictionary(b => b.Name, b => new Uri(b.Value.GetProperty("uri").GetString()!));

        var results = run.GetProperty("results").EnumerateArray().ToList();
        Assert.That(results, Is.Not.Empty);
        Assert.That(results.Select(r => r.GetProperty("ruleId").GetString()), Does.Contain("process.start").And.Contain("file.open").And.Contain("reflection-emit.assembly").And.Contain("network.request"));
        var sourceLines = 0;
        foreach (var result in results)
        {
            var ruleId = result.GetProperty("ruleId").GetString()!;
            Assert.That(rules[result.GetProperty("ruleIndex").GetInt32()], Is.EqualTo(ruleId));
            Assert.That(result.GetProperty("message").GetProperty("text").GetString(), Is.Not.Empty);
            Assert.That(result.GetProperty("level").GetString(), Is.AnyOf("note", "warning", "error"));
            var location = result.GetProperty("locations").EnumerateArray().Single().GetProperty("physicalLocation");
            var artifact = location.GetProperty("artifactLocation");
            var uri = artifact.TryGetProperty("uriBaseId", out var baseId)
                ? new Uri(bases[baseId.GetString()!], artifact.GetProperty("uri").GetString())
                : new Uri(artifact.GetProperty("uri").GetString()!);
            Assert.That(File.Exists(uri.LocalPath), Is.True, ruleId + " at " + uri);
            if (location.TryGetProperty("region", out var region))
            {
                Assert.That(region.GetProperty("startLine").GetInt32(), Is.InRange(1, File.ReadAllLines(uri.LocalPath).Length));
                sourceLines++;
            }
        }

        Assert.That(sourceLines, Is.GreaterThan(0), "DriftLibrary was built here, so its sites point at its source lines");
    }

    [Test]
    public void TextShowsATablePerAssemblyThenTheSites()
    {
        var scan = ToolRun.InProcess("scan", Paths.PackageUserOutput);
        Assert.That(scan.ExitCode, Is.EqualTo(0), scan.ToString());
        Assert.That(scan.Output, Does.Contain("DriftLibrary 1.0.1.0 (DriftLibrary.dll)"));
        Assert.That(scan.Output, Does.Match(@"\n  file\s+file\.open\s+1\n"));
        Assert.That(scan.Output, Does.Contain("DriftLibrary.Store.Save calls M:System.IO.File.WriteAllText(System.String,System.String) (file.open) at " + Path.Combine(Paths.RepositoryRoot, "Fixtures", "DriftLibrary", "Store.cs") + ":"));
        Assert.That(scan.Output, Does.Contain("Call sites per assembly and category"));
        Assert.That(scan.Error, Does.Match(@"\] scanned\s+CliWrap\.dll: \d+ call sites \("), "progress goes to standard error, leaving standard output to the report");
    }

    [Test]
    public void CapabilitiesReachedThroughAnotherAssemblyAreShownWithAPath()
    {
        var scan = ToolRun.InProcess("scan", Paths.PackageUserOutput, "--format", "json");
        Assert.That(scan.ExitCode, Is.EqualTo(0), scan.ToString());
        using var report = JsonDocument.Parse(scan.Output);
        var app = report.RootElement.GetProperty("assemblies").EnumerateArray().Single(a => a.GetProperty("assembly").GetString() == "PackageUser");
        Assert.That(app.GetProperty("sites").GetArrayLength(), Is.EqualTo(0), "the app calls no audited API itself");

        var file = report.RootElement.GetProperty("indirect").EnumerateArray()
            .Single(i => i.GetProperty("assembly").GetString() == "PackageUser" && i.GetProperty("category").GetString() == "file");
        Assert.That(file.GetProperty("through").GetString(), Is.EqualTo("DriftLibrary"));
        var path = file.GetProperty("path").EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.That(path, Has.Count.EqualTo(3));
        Assert.That(path[0], Does.StartWith("Program."));
        Assert.That(path.Skip(1), Is.EqualTo(new[] { "DriftLibrary.Store.Save", "M:System.IO.File.WriteAllText(System.String,System.String)" }));
    }

    // The events of a woven module's site table, decoded the way the runtime decodes it.
    private static List<string> WovenEvents(string path)
    {
        using var module = ModuleDefinition.ReadModule(path);
        var sites = module.Types.SingleOrDefault(t => t.Name == "<AuditWeaver>Sites");
        var table = sites?.Methods.SingleOrDefault(m => m.IsConstructor && m.IsStatic)?.Body.Instructions.SingleOrDefault(i => i.OpCode == OpCodes.Ldstr)?.Operand as string;
        return table == null
            ? new List<string>()
            : SiteTableFormat.Decode(table).Select(s => s.EventName).OrderBy(e => e, StringComparer.Ordinal).ToList();
    }
}
