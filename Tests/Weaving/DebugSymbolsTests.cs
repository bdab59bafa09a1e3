using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.Loader;
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
            new AuditWeavingEngine(new WeaverOptions(), new ListLog()).Weave(module);
            module.Write(output, new WriterParameters { WriteSymbols = true, SymbolWriterProvider = new PortablePdbWriterProvider() });
        }

        Assert.That(File.Exists(Path.ChangeExtension(output, ".pdb")), Is.True);
        var assembly = new AssemblyLoadContext("portable-pdb", isCollectible: true).LoadFromAssemblyPath(output);
        dynamic shapes = Activator.CreateInstance(assembly.GetType("AssemblyToProcess.ShapeScenarios")!)!;
        using var recorder = AuditRecorder.Start();
        var exception = Assert.Throws<FileNotFoundException>(() => shapes.ThrowsFromLine(temp.File("missing")));

        var frame = new StackTrace(exception, true).GetFrames().First(f => f.GetMethod()?.Name == "ThrowsFromLine");
        Assert.That(frame.GetFileLineNumber(), Is.EqualTo(MarkerLine()));
        Assert.That(recorder.Single("file.open").Line, Is.EqualTo(MarkerLine()));
    }

    [Test]
    public void WithoutSymbolsEventsHaveNoSourceLocation()
    {
        using var temp = new TempDirectory();
        var output = Path.Combine(temp.Path, "AssemblyToProcess.dll");
        using (var module = ModuleDefinition.ReadModule(Paths.AssemblyToProcess, new ReaderParameters { ReadSymbols = false }))
        {
            var result = new AuditWeavingEngine(new WeaverOptions(), new ListLog()).Weave(module);
            Assert.That(result.Sites.All(s => s.SourceFile == null && s.Line == null), Is.True);
            module.Write(output);
        }

        var assembly = new AssemblyLoadContext("no-pdb", isCollectible: true).LoadFromAssemblyPath(output);
        dynamic files = Activator.CreateInstance(assembly.GetType("AssemblyToProcess.FileScenarios")!)!;
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
        var log = new ListLog();
        using var module = ModuleDefinition.ReadModule(Paths.AssemblyToProcess, new ReaderParameters { ReadSymbols = true });

        var result = new AuditWeavingEngine(catalog, new WeaverOptions(), log).Weave(module);

        Assert.That(result.Sites, Is.Empty, "a failed run reports no sites");
        var exists = log.Errors.Single(e => e.Message.Contains("FileScenarios::Exists(", StringComparison.Ordinal));
        Assert.That(exists.Message, Does.StartWith("The rule for M:System.IO.File.Exists(System.String) (catalog line 2) uses $3, but the member has 1 parameters"));
        Assert.That(exists.Location!.Document.Url, Does.EndWith("FileScenarios.cs"));
        Assert.That(exists.Location.StartLine, Is.GreaterThan(0));
        Assert.That(log.Errors.Any(e => e.Message.Contains("uses $this, but the call has no receiver", StringComparison.Ordinal)), Is.True, "all mistakes are reported, not only the first");
    }

    private static int MarkerLine()
    {
        var source = Path.Combine(Paths.RepositoryRoot, "AssemblyToProcess", "ShapeScenarios.cs");
        return Array.FindIndex(File.ReadAllLines(source), l => l.Contains("LINE-MARKER: ThrowsFromLine", StringComparison.Ordinal)) + 1;
    }

    private sealed class ListLog : IWeaverLog
    {
        internal List<(string Message, SequencePoint? Location)> Errors { get; } = new();

        public void Info(string message)
        {
        }

        public void Warning(string message, SequencePoint? location) => Errors.Add((message, location));

        public void Error(string message, SequencePoint? location) => Errors.Add((message, location));
    }
}
