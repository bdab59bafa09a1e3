using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using AuditWeaver.Catalog;
using AuditWeaver.Fody.Engine;
using Mono.Cecil;
using Mono.Cecil.Cil;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Weaving;

/// <summary>
/// The engine with each kind of debug information (FodyHelpers' helper covers embedded PDBs): a portable PDB next to
/// the assembly keeps stack-trace lines; no PDB at all still weaves, with no source location in events. And mistakes are
/// reported at the call site's sequence point.
/// </summary>
public class DebugSymbolsTests
{
    [Test]
    public void APortablePdbIsRewrittenAndStillGivesTheUserLine()
    {
        using var temp = new TempDirectory();
        var output = Path.Combine(temp.Path, "AssemblyToProcess.dll");
        using (var module = ModuleDefinition.ReadModule(Paths.AssemblyToProcess, new ReaderParameters { ReadSymbols = true, SymbolReaderProvider = new PortablePdbReaderProvider() }))
        {
            new AuditWeavingEngine(new WeaverOptions(), new WeaverLog()).Weave(module);
            module.Write(output, new WriterParameters { WriteSymbols = true, SymbolWriterProvider = new PortablePdbWriterProvider() });
        }

        Assert.That(File.Exists(Path.ChangeExtension(output, ".pdb")), Is.True);
        dynamic shapes = Scenarios.Create(Scenarios.Load(output, "portable-pdb", collectible: true), "ShapeScenarios");
        using var recorder = AuditRecorder.Start();
        var exception = Assert.Throws<FileNotFoundException>(() => shapes.ThrowsFromLine(temp.File("missing")));

        var frame = new StackTrace(exception, true).GetFrames().First(f => f.GetMethod()?.Name == "ThrowsFromLine");
        var expectedLine = SourceLine.Marked("ShapeScenarios.cs", "ThrowsFromLine");
        Assert.That(frame.GetFileLineNumber(), Is.EqualTo(expectedLine));
        Assert.That(recorder.Single("file.open").Line, Is.EqualTo(expectedLine));
    }

    [Test]
    public void WithoutSymbolsEventsHaveNoSourceLocation()
    {
        using var temp = new TempDirectory();
        var output = Path.Combine(temp.Path, "AssemblyToProcess.dll");
        using (var module = ModuleDefinition.ReadModule(Paths.AssemblyToProcess, new ReaderParameters { ReadSymbols = false }))
        {
            var result = new AuditWeavingEngine(new WeaverOptions(), new WeaverLog()).Weave(module);
            Assert.That(result.Sites.All(s => s.SourceFile == null && s.Line == null), Is.True);
            module.Write(output);
        }

        dynamic files = Scenarios.Create(Scenarios.Load(output, "no-pdb", collectible: true), "FileScenarios");
        using var recorder = AuditRecorder.Start();
        files.Exists(temp.Path);
        var e = recorder.Single("file.stat");
        Assert.That(e.SourceFile, Is.Null);
        Assert.That(e.Line, Is.Null);
        Assert.That(e.Caller, Is.EqualTo("AssemblyToProcess.FileScenarios.Exists"));
    }

    [Test]
    public void AMistakeIsReportedAtTheCallSiteWithTheMethodAndWeavingGoesOn()
    {
        var catalog = AuditCatalog.Parse(
            "event file.stat(path, query) : probe\n" +
            "M:System.IO.File.Exists(System.String) -> file.stat($3, \"exists\")\n" +
            "M:System.IO.File.GetAttributes(System.String) -> file.stat($this, \"attributes\")\n",
            "custom.txt");
        var log = new WeaverLog();
        using var module = ModuleDefinition.ReadModule(Paths.AssemblyToProcess, new ReaderParameters { ReadSymbols = true });

        var result = new AuditWeavingEngine(catalog, new WeaverOptions(), log).Weave(module);

        Assert.That(result.Sites, Is.Empty, "a failed run reports no sites");
        var exists = log.Problems.Single(e => e.Message.Contains("FileScenarios::Exists(", StringComparison.Ordinal));
        Assert.That(exists.Message, Does.StartWith("The rule for M:System.IO.File.Exists(System.String) (catalog line 2) uses $3, but the member has 1 parameters"));
        Assert.That(exists.Location!.Document.Url, Does.EndWith("FileScenarios.cs"));
        Assert.That(exists.Location.StartLine, Is.GreaterThan(0));
        Assert.That(log.Problems.Any(e => e.Message.Contains("uses $this, but the call has no receiver", StringComparison.Ordinal)), Is.True, "all mistakes are reported, not only the first");
    }
}
