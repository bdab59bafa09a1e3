using System.IO;
using System.Linq;
using System.Text.Json;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Tool;

/// <summary>
/// The escape hatch unsafe (AW0006) over Fixtures/Dispatch's library: Unsafe, pointers, Marshal's raw memory, fixed
/// buffers and stackalloc used as a pointer are listed per member with their source line; spans over stackalloc are not.
/// </summary>
public class UnsafeCodeScanTests : TempFixture
{
    private static string Library => Path.Combine(Paths.DispatchAppOutput, "Dispatch.Library.dll");

    [Test]
    public void EveryKindOfUnsafeCodeIsListedAndSafeSpansAreNot()
    {
        var scan = ToolRun.InProcess("scan", Library, "--format", "json");
        Assert.That(scan.ExitCode, Is.EqualTo(0), scan.ToString());
        using var report = JsonDocument.Parse(scan.Output);
        var diagnostics = report.RootElement.GetProperty("assemblies").EnumerateArray().Single().GetProperty("diagnostics").EnumerateArray()
            .Where(d => d.GetProperty("id").GetString() == "AW0006")
            .Select(d => (Method: d.GetProperty("method").GetString()!, Message: d.GetProperty("message").GetString()!, Line: d.TryGetProperty("line", out var line) && line.ValueKind == JsonValueKind.Number ? line.GetInt32() : 0))
            .ToList();

        string[] Of(string method) => diagnostics.Where(d => d.Method == method).Select(d => d.Message).ToArray();
        Assert.That(Of("Dispatch.Library.RawMemory.Peek"), Has.Some.StartsWith("Uses pointer locals (System.Byte*)"), "fixed statement");
        Assert.That(Of("Dispatch.Library.RawMemory.Sum"), Has.Some.StartsWith("Takes or returns pointers (System.Int32*)"));
        Assert.That(Of("Dispatch.Library.RawMemory.Reinterpret"), Has.Some.StartsWith("Calls System.Runtime.CompilerServices.Unsafe.As,"));
        Assert.That(Of("Dispatch.Library.RawMemory.Scratch"), Has.Some.StartsWith("stackalloc used as a pointer"));
        Assert.That(Of("Dispatch.Library.RawMemory.Native"), Has.Some.StartsWith("Calls System.Runtime.InteropServices.Marshal.AllocHGlobal,")
            .And.Some.StartsWith("Calls System.Runtime.InteropServices.Marshal.WriteInt32,").And.Some.StartsWith("Calls System.Runtime.InteropServices.Marshal.ReadInt32,"));
        Assert.That(Of("Dispatch.Library.Header.Magic"), Has.Some.StartsWith("Fixed-size buffer Dispatch.Library.Header.Magic"));
        Assert.That(Of("Dispatch.Library.Cursor._position"), Has.Some.StartsWith("Pointer field Dispatch.Library.Cursor._position (System.Byte*)"));
        Assert.That(diagnostics.Where(d => d.Method.StartsWith("Dispatch.Library.SafeSpans", System.StringComparison.Ordinal)), Is.Empty, "Span<T> s = stackalloc ... is bounds-checked");
        Assert.That(diagnostics.Where(d => d.Method.StartsWith("Dispatch.Library.RawMemory", System.StringComparison.Ordinal)).Select(d => d.Line), Has.All.GreaterThan(0), "each is at its source line");

        var text = ToolRun.InProcess("scan", Library);
        Assert.That(text.Output, Does.Match(@"escape hatch AW0006 x\d+: Unsafe code \(capability unsafe\)"));
        Assert.That(text.Output, Does.Contain("AW0006 in Dispatch.Library.RawMemory.Reinterpret at " + Path.Combine(Paths.RepositoryRoot, "Fixtures", "Dispatch", "Dispatch.Library", "RawMemory.cs") + ":"));

        var sarif = ToolRun.InProcess("scan", Library, "--format", "sarif");
        using var sarifReport = JsonDocument.Parse(sarif.Output);
        var run = sarifReport.RootElement.GetProperty("runs")[0];
        Assert.That(run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()), Does.Contain("AW0006"));
        Assert.That(run.GetProperty("results").EnumerateArray().Count(r => r.GetProperty("ruleId").GetString() == "AW0006"), Is.EqualTo(diagnostics.Count));
    }

    [Test]
    public void TheBaselineCatchesALibraryThatBecameUnsafe()
    {
        var baseline = Temp.File("capabilities.lock.json");
        Assert.That(ToolRun.InProcess("scan", Library, "--baseline", baseline, "--update-baseline").ExitCode, Is.EqualTo(0));
        Assert.That(File.ReadAllText(baseline), Does.Contain("\"AW0006\""));
        Assert.That(ToolRun.InProcess("scan", Library, "--baseline", baseline).ExitCode, Is.EqualTo(0));

        // The baseline of a version before the unsafe code came in.
        File.WriteAllText(baseline, File.ReadAllText(baseline).Replace("\"AW0006\"", string.Empty, System.StringComparison.Ordinal));
        var gained = ToolRun.InProcess("scan", Library, "--baseline", baseline);
        Assert.That(gained.ExitCode, Is.EqualTo(1), gained.ToString());
        Assert.That(gained.Error, Does.Contain("error: Dispatch.Library gained escape hatch AW0006 (Unsafe code (capability unsafe)").And.Contain("Dispatch.Library.RawMemory."));
    }

    [Test]
    public void AnAllowListMustGrantUnsafe()
    {
        var strict = Temp.Write("Strict.xml", "<AuditWeaver><Allow assembly='Dispatch.Library' categories='file process network environment assembly-load reflection' /></AuditWeaver>");
        var refused = ToolRun.InProcess("scan", Library, "--config", strict, "--format", "json");
        Assert.That(refused.ExitCode, Is.EqualTo(1), refused.ToString());
        Assert.That(refused.Error, Does.Contain("error: Dispatch.Library: unsafe is not in its <Allow> list (file, process, network, environment, assembly-load, reflection): Dispatch.Library.RawMemory.Reinterpret at "));
        Assert.That(refused.Output, Does.Contain("\"capability\": \"unsafe\""));

        var granted = Temp.Write("Granted.xml", "<AuditWeaver><Allow assembly='Dispatch.Library' categories='file process network environment assembly-load reflection unsafe' /></AuditWeaver>");
        var allowed = ToolRun.InProcess("scan", Library, "--config", granted);
        Assert.That(allowed.ExitCode, Is.EqualTo(0), allowed.ToString());
    }

    [Test]
    public void WeavingIgnoresUnsafeCode()
    {
        var weave = ToolRun.InProcess("weave", Library, "--out", Temp.File("woven"), "--config", Temp.Write("Strict.xml", "<AuditWeaver><Allow assembly='Dispatch.Library' categories='file process network environment assembly-load reflection' /></AuditWeaver>"));
        Assert.That(weave.ExitCode, Is.EqualTo(0), "no run-time event, so an allow list without unsafe does not stop weaving: " + weave);
        Assert.That(weave.ToString(), Does.Not.Contain("AW0006"));
    }
}
