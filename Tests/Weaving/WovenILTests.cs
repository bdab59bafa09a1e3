using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using AuditWeaver.Fody.Engine;
using Mono.Cecil;
using Mono.Cecil.Cil;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Weaving;

/// <summary>The woven IL itself: valid, debuggable, idempotent, and shaped as designed.</summary>
public class WovenILTests
{
    [Test]
    public void EveryWovenMethodJitCompiles()
    {
        var woven = MethodPreparer.Prepare(Woven.Assembly);

        Assert.That(woven.Failures, Is.Empty);
        Assert.That(woven.Prepared, Is.GreaterThan(50));
        Assert.That(Woven.Result.Sites, Has.Count.GreaterThan(80));
    }

    [Test]
    public void AStackTraceThroughWovenCodeNamesTheSourceLine()
    {
        var expectedLine = SourceLine.Marked("ShapeScenarios.cs", "ThrowsFromLine");
        using var recorder = AuditRecorder.Start();
        using var temp = new TempDirectory();
        var exception = Assert.Throws<FileNotFoundException>(() => Woven.Create("ShapeScenarios").ThrowsFromLine(temp.File("missing.txt")));

        var frame = new StackTrace(exception, fNeedFileInfo: true).GetFrames().First(f => f.GetMethod()?.Name == "ThrowsFromLine");
        Assert.That(frame.GetFileLineNumber(), Is.EqualTo(expectedLine));
        Assert.That(recorder.Single("file.open").Line, Is.EqualTo(expectedLine));
    }

    [Test]
    public void ADenialsStackTraceShowsTheHookAndTheCallSiteButNothingOfTheRuntime()
    {
        using var temp = new TempDirectory();
        using var recorder = AuditRecorder.Denying("file.stat");
        var exception = Assert.Throws<AuditWeaver.AuditDeniedException>(() => Woven.Create("FileScenarios").Exists(temp.Path));

        // The trace as users see it (Exception.StackTrace honours StackTraceHidden): the hook, then the woven call site.
        var frames = exception!.StackTrace!.Split('\n').Select(f => f.Trim()).ToList();
        Assert.That(frames[0], Does.StartWith("at Tests.Infrastructure.AuditRecorder.Dispatch("));
        Assert.That(frames[1], Does.StartWith("at AssemblyToProcess.FileScenarios.Exists(String path)"));
        Assert.That(frames, Has.None.Contains("AuditWeaver.Hooks").And.None.Contains("AuditWeaver.Weaving"));
    }

    [Test]
    public void UserSequencePointsAreKept()
    {
        using var original = ModuleDefinition.ReadModule(Paths.AssemblyToProcess, new ReaderParameters { ReadSymbols = true });
        using var woven = ModuleDefinition.ReadModule(Woven.AssemblyPath, new ReaderParameters { ReadSymbols = true });
        foreach (var type in original.GetTypes())
        {
            foreach (var method in type.Methods.Where(m => m.HasBody))
            {
                var wovenMethod = woven.GetType(type.FullName).Methods.Single(m => m.FullName == method.FullName);
                Assert.That(
                    Lines(wovenMethod),
                    Is.EqualTo(Lines(method)),
                    method.FullName);
            }
        }

        static string[] Lines(MethodDefinition method) => method.DebugInformation.SequencePoints
            .Select(p => p.IsHidden ? "hidden" : p.StartLine + ":" + p.StartColumn + "-" + p.EndLine + ":" + p.EndColumn)
            .ToArray();
    }

    [Test]
    public void AWovenCallSiteReadsTheFlagBranchesAndCallsTheApi()
    {
        using var module = ModuleDefinition.ReadModule(Woven.AssemblyPath);
        var method = module.GetType("AssemblyToProcess.ShapeScenarios").Methods.Single(m => m.Name == "Snapshot");
        var site = Woven.Result.Sites.Single(s => s.Method == method.FullName).Id;
        var expected = string.Join(Environment.NewLine, new[]
        {
            "ldarg.1",
            "stloc.0",
            "call System.Boolean AuditWeaver.Audit::get_IsEnabled()",
            "brfalse.s ldloc.0",
            "ldsfld AuditWeaver.Weaving.SiteTable <AuditWeaver>Sites::Table",
            (site <= sbyte.MaxValue ? "ldc.i4.s " : "ldc.i4 ") + site,
            "ldloc.0",
            "ldstr \"exists\"",
            "callvirt System.Void AuditWeaver.Weaving.SiteTable::Raise(System.Int32,System.Object,System.Object)",
            "ldloc.0",
            "call System.Boolean System.IO.File::Exists(System.String)",
            "ret",
        });

        Assert.That(MethodText.Render(method), Is.EqualTo(expected));
    }

    [Test]
    public void TheModuleInitializerStartsTheRuntimeBeforeTheUsersOwn()
    {
        using var module = ModuleDefinition.ReadModule(Woven.AssemblyPath);
        var initializer = module.Types.Single(t => t.Name == "<Module>").Methods.Single(m => m.IsConstructor && m.IsStatic);
        Assert.That(MethodText.Render(initializer), Does.StartWith("call System.Void AuditWeaver.Weaving.ModuleStartup::Run()" + Environment.NewLine + "call System.Void AssemblyToProcess.ModuleSetup::Initialize()"));
        Assert.That((bool)Woven.Type("ModuleSetup").GetProperty("Ran")!.GetValue(null)!, Is.True);
    }

    [Test]
    public void WeavingIsIdempotent()
    {
        using var module = ModuleDefinition.ReadModule(Woven.AssemblyPath);
        var before = module.GetTypes().SelectMany(t => t.Methods).Where(m => m.HasBody).ToDictionary(m => m.FullName, MethodText.Render);
        var log = new WeaverLog();

        var result = new AuditWeavingEngine(new WeaverOptions(), log).Weave(module);

        Assert.That(log.Problems, Is.Empty);
        Assert.That(result.AlreadyWoven, Is.True);
        Assert.That(result.Sites, Is.Empty);
        Assert.That(log.Infos.Single(), Does.Contain("already woven"));
        Assert.That(module.GetTypes().SelectMany(t => t.Methods).Where(m => m.HasBody).ToDictionary(m => m.FullName, MethodText.Render), Is.EqualTo(before));
    }

    [Test]
    public void TheRuntimeIsNeverWoven()
    {
        using var module = ModuleDefinition.ReadModule(typeof(AuditWeaver.Audit).Assembly.Location);
        var log = new WeaverLog();
        var exception = Assert.Throws<AuditWeavingException>(() => new AuditWeavingEngine(new WeaverOptions(), log).Weave(module));
        Assert.That(exception!.Message, Does.StartWith("AuditWeaver.dll is the runtime library and is never woven"));
        Assert.That(log.Problems, Is.Empty, "the refusal is the exception alone");
    }

    [Test]
    public void TailAndConstrainedPrefixesStayOnTheirCall()
    {
        var (test, _) = Woven.Weave("prefixes", module =>
        {
            // C# emits neither prefix for these calls; F# and hand-written IL do. Add them before weaving.
            var files = module.GetType("AssemblyToProcess.FileScenarios");
            var read = files.Methods.Single(m => m.Name == "ReadAllText").Body;
            var call = read.Instructions.Single(i => i.OpCode == OpCodes.Call);
            read.GetILProcessor().InsertBefore(call, Instruction.Create(OpCodes.Tail));

            // ldarg.1; box !!T; callvirt Delete  ->  ldarga.s 1; constrained. !!T; callvirt Delete
            var constrained = module.GetType("AssemblyToProcess.ShapeScenarios").Methods.Single(m => m.Name == "Constrained");
            var body = constrained.Body.Instructions;
            var box = body.Single(i => i.OpCode == OpCodes.Box);
            body[0].OpCode = OpCodes.Ldarga_S;
            body[0].Operand = constrained.Parameters[0];
            box.OpCode = OpCodes.Constrained;
        }, assemblyName: "AssemblyToProcess.Prefixes");

        using var temp = new TempDirectory();
        var path = temp.Write("p.txt", "prefixed");
        var files = Scenarios.Create(test.Assembly, "FileScenarios");
        var shapes = Scenarios.Create(test.Assembly, "ShapeScenarios");
        using var recorder = AuditRecorder.Start();
        Assert.That(files.GetType().GetMethod("ReadAllText")!.Invoke(files, new object[] { path }), Is.EqualTo("prefixed"));
        shapes.GetType().GetMethod("Constrained")!.MakeGenericMethod(typeof(FileInfo)).Invoke(shapes, new object[] { new FileInfo(path) });
        Assert.That(File.Exists(path), Is.False);
        Assert.That(recorder.Events.Select(e => e.Name + " " + e.Arguments[0]), Is.EqualTo(new[] { "file.open " + path, "file.delete " + path }));

        using var module = ModuleDefinition.ReadModule(test.AssemblyPath);
        var rendered = MethodText.Render(module.GetType("AssemblyToProcess.FileScenarios").Methods.Single(m => m.Name == "ReadAllText"));
        Assert.That(rendered, Does.EndWith("tail." + Environment.NewLine + "call System.String System.IO.File::ReadAllText(System.String)" + Environment.NewLine + "ret"));
        var constrainedIL = MethodText.Render(module.GetType("AssemblyToProcess.ShapeScenarios").Methods.Single(m => m.Name == "Constrained"));
        Assert.That(constrainedIL, Does.Contain("constrained. T" + Environment.NewLine + "callvirt System.Void System.IO.FileSystemInfo::Delete()"));
    }

    [Test]
    public void WithNoHookWovenCallSitesAllocateNothingExtra()
    {
        using var temp = new TempDirectory();
        var existing = temp.Write("exists.txt", "x");
        var run = Child.Run("allocations", Woven.AssemblyPath, Paths.AssemblyToProcess, existing);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Output, Does.Contain("enabled=False"));
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains("woven=", StringComparison.Ordinal)).ToList();
        Assert.That(lines, Has.Count.EqualTo(6));
        foreach (var line in lines)
        {
            var parts = line.Trim().Split(' ');
            Assert.That(parts[1].Substring("woven=".Length), Is.EqualTo(parts[2].Substring("unwoven=".Length)), line);
        }
    }

    [Test]
    public void ValueTypeArgumentsTheCatalogKnowsAreNotBoxed()
    {
        // File.Copy(source, destination, overwrite: true): file.copy(source, destination, overwrite), the bool packed.
        using var module = ModuleDefinition.ReadModule(Woven.AssemblyPath);
        var copy = MethodText.Render(module.GetType("AssemblyToProcess.FileScenarios").Methods.Single(m => m.Name == "Copy"));
        Assert.That(copy, Does.Contain("callvirt System.Void AuditWeaver.Weaving.SiteTable::Raise(System.Int32,System.Int64,System.Object,System.Object,System.Object,System.Object)"));
        Assert.That(copy, Does.Not.Contain("box "));

        using var temp = new TempDirectory();
        using var recorder = AuditRecorder.Start();
        var source = temp.Write("a.txt", "a");
        Woven.Create("FileScenarios").Copy(source, temp.File("b.txt"));
        var raised = recorder.Single("file.copy");
        Assert.That(raised.Arguments, Is.EqualTo(new object?[] { source, temp.File("b.txt"), true }));
        Assert.That(raised.GetArgument("overwrite"), Is.TypeOf<bool>().And.True);
        Assert.That(raised.ToString(), Does.StartWith("file.copy(source: \"" + source + "\", destination: \"" + temp.File("b.txt") + "\", overwrite: true)"));
    }
}
