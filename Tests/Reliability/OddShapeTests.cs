using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using AuditWeaver;
using AuditWeaver.Fody.Engine;
using Mono.Cecil;
using Mono.Cecil.Cil;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Reliability;

/// <summary>
/// IL that only obfuscators and other compilers write (<see cref="OddShapesModule"/>) is woven into bodies the JIT accepts
/// and that behave as before: every method runs woven and unwoven with the same result or exception, and the woven one
/// raises an event for each audited call it makes.
/// </summary>
public class OddShapeTests
{
    private TempDirectory _temp = null!;
    private string _unwovenPath = null!;
    private string _wovenPath = null!;
    private Type _unwoven = null!;
    private Type _woven = null!;
    private string _file = null!;

    [OneTimeSetUp]
    public void Weave()
    {
        _temp = new TempDirectory();
        _unwovenPath = Path.Combine(_temp.Path, "unwoven", OddShapesModule.TypeName + ".dll");
        _wovenPath = Path.Combine(_temp.Path, "woven", OddShapesModule.TypeName + ".dll");
        Directory.CreateDirectory(Path.GetDirectoryName(_unwovenPath)!);
        Directory.CreateDirectory(Path.GetDirectoryName(_wovenPath)!);
        var log = new WeaverLog();
        using (var module = OddShapesModule.Create())
        {
            module.Write(_unwovenPath);
            new AuditWeavingEngine(new WeaverOptions(), log).Weave(module);
            module.Write(_wovenPath);
        }

        Assert.That(log.Problems, Is.Empty);
        _unwoven = Load(_unwovenPath, "odd-unwoven");
        _woven = Load(_wovenPath, "odd-woven");
        _file = _temp.Write("input.txt", "contents");
    }

    [OneTimeTearDown]
    public void DeleteTemp() => _temp.Dispose();

    [Test]
    public void WovenILMatchesTheApprovedSnapshot() =>
        ILSnapshot.Verify(Path.Combine(Paths.RepositoryRoot, "Tests", "Reliability", "Snapshots"), ILSnapshot.Render(_unwovenPath, _wovenPath));

    [Test]
    public void EveryWovenMethodCompiles()
    {
        var woven = MethodPreparer.Prepare(_woven.Assembly);
        Assert.That(woven.Failures, Is.Empty);
        Assert.That(MethodPreparer.Prepare(_unwoven.Assembly).Prepared, Is.EqualTo(11));
        Assert.That(woven.Prepared, Is.GreaterThan(11), "the eleven and what weaving added");
    }

    [Test]
    public void TheShapesAreThereBeforeWeavingAndTheBranchesWidenAfter()
    {
        using var unwoven = ModuleDefinition.ReadModule(_unwovenPath);
        using var woven = ModuleDefinition.ReadModule(_wovenPath);
        Assert.That(FirstBranch(unwoven, "ShortBranchOverCall"), Is.EqualTo(Code.Brtrue_S));
        Assert.That(FirstBranch(woven, "ShortBranchOverCall"), Is.EqualTo(Code.Brtrue), "the woven span no longer fits a short branch");
        Assert.That(Body(unwoven, "Huge").CodeSize, Is.GreaterThan(64 * 1024));
        Assert.That(Body(unwoven, "EndsInThrow").Instructions.Last().OpCode.Code, Is.EqualTo(Code.Throw));
        Assert.That(Body(woven, "EndsInThrow").Instructions.Last().OpCode.Code, Is.EqualTo(Code.Throw));
        Assert.That(TryStart(unwoven, "CallStartsTryBlock"), Is.EqualTo("GetHostName"));
        Assert.That(TryStart(woven, "CallStartsTryBlock"), Is.Not.EqualTo("GetHostName"), "the inserted code starts the protected region");
    }

    [Test]
    public void ABranchFromTwoPathsIntoTheCall()
    {
        Same("BranchIntoCall", new object[] { true }, ("file.stat", _file));
        Same("BranchIntoCall", new object[] { false }, ("file.stat", "missing"));
    }

    [Test]
    public void ASwitchIntoTwoCalls()
    {
        Same("SwitchIntoCall", new object[] { 0 }, ("file.stat", _file));
        Same("SwitchIntoCall", new object[] { 1 }, ("file.stat", _file));
        Same("SwitchIntoCall", new object[] { 2 }, ("file.open", _file));
        Same("SwitchIntoCall", new object[] { 3 });
    }

    [Test]
    public void AValueBelowTheArguments() => Assert.That(Same("StackBelowArguments", Array.Empty<object>(), ("file.stat", _file)), Is.EqualTo(41));

    [Test]
    public void AMethodThatEndsInThrow() =>
        Assert.That(Same("EndsInThrow", Array.Empty<object>(), ("file.open", _file)), Is.EqualTo("InvalidOperationException: contents"));

    [Test]
    public void CallsInAFilterAndItsHandler() =>
        Assert.That(Same("FilterAndHandler", Array.Empty<object>(), ("file.stat", _file), ("file.open", _file)), Is.EqualTo("contents"));

    [Test]
    public void ACallInAFaultBlock() =>
        Assert.That(Same("FaultBlock", Array.Empty<object>(), ("file.open", _file + ".missing"), ("file.stat", _file)), Is.EqualTo("caught"));

    [Test]
    public void ACallThatStartsATryBlock() =>
        Assert.That(Same("CallStartsTryBlock", Array.Empty<object>(), ("network.gethostname", null), ("file.stat", _file)), Is.EqualTo(true));

    [Test]
    public void ADenialAtTheStartOfATryBlockStillRunsItsFinally()
    {
        using var recorder = AuditRecorder.Denying("network.gethostname");
        var thrown = Assert.Throws<TargetInvocationException>(() => Invoke(_woven, "CallStartsTryBlock", Array.Empty<object>()));
        Assert.That(thrown!.InnerException, Is.TypeOf<AuditDeniedException>());
        Assert.That(recorder.Events.Select(e => e.Name), Is.EqualTo(new[] { "network.gethostname", "file.stat" }), "the inserted check is inside the protected region, so the finally ran");
    }

    [Test]
    public void AShortBranchOverACall()
    {
        Assert.That(Same("ShortBranchOverCall", new object[] { false }, ("file.stat", _file)), Is.EqualTo(1 + Enumerable.Range(1, OddShapesModule.ShortBranchBlocks).Sum(i => i % 7)));
        Assert.That(Same("ShortBranchOverCall", new object[] { true }), Is.EqualTo(0));
    }

    [Test]
    public void AMethodOfMoreThan64KB()
    {
        var expected = 2 * (Enumerable.Range(1, OddShapesModule.HugeBlocks / 2).Sum(i => i % 7) + Enumerable.Range(1, OddShapesModule.HugeBlocks - (OddShapesModule.HugeBlocks / 2)).Sum(i => i % 7));
        Assert.That(Same("Huge", Array.Empty<object>(), ("file.stat", _file), ("file.open", _file), ("file.stat", _file), ("file.stat", _file), ("file.stat", _file)), Is.EqualTo(expected));
    }

    [Test]
    public void DeadCodeAfterReturnIsWovenAndNeverRuns()
    {
        Assert.That(Same("DeadCodeAfterReturn", Array.Empty<object>(), ("file.stat", _file)), Is.EqualTo(true));
        Assert.That(File.Exists(_file), Is.True);
    }

    [Test]
    public void ATailCall() => Assert.That(Same("TailCall", Array.Empty<object>(), ("file.open", _file)), Is.EqualTo("contents"));

    private static Type Load(string path, string context) =>
        new AssemblyLoadContext(context).LoadFromAssemblyPath(path).GetType(OddShapesModule.TypeName, throwOnError: true)!;

    /// <summary>
    /// Runs <paramref name="name"/> unwoven, then woven under a recording; both must return the same value or throw the
    /// same exception, and the woven run must raise exactly <paramref name="events"/> (name and first argument) in order.
    /// </summary>
    private object? Same(string name, object[] arguments, params (string Name, string? First)[] events)
    {
        var expected = Outcome(_unwoven, name, arguments);
        object? actual;
        IReadOnlyList<AuditEvent> raised;
        using (var recorder = AuditRecorder.Start())
        {
            actual = Outcome(_woven, name, arguments);
            raised = recorder.Events;
        }

        Assert.That(actual, Is.EqualTo(expected), name + " woven");
        Assert.That(raised.Select(e => (e.Name, First: e.Arguments.Count == 0 ? null : e.Arguments[0] as string)), Is.EqualTo(events), name + " events");
        return actual;
    }

    /// <summary>The return value, or "ExceptionType: message" for what it threw.</summary>
    private object? Outcome(Type type, string name, object[] arguments)
    {
        try
        {
            return Invoke(type, name, arguments);
        }
        catch (TargetInvocationException thrown) when (thrown.InnerException != null)
        {
            return thrown.InnerException.GetType().Name + ": " + thrown.InnerException.Message;
        }
    }

    private object? Invoke(Type type, string name, object[] arguments) =>
        type.GetMethod(name)!.Invoke(null, new object[] { _file }.Concat(arguments).ToArray());

    private static Mono.Cecil.Cil.MethodBody Body(ModuleDefinition module, string method) =>
        module.GetType(OddShapesModule.TypeName).Methods.Single(m => m.Name == method).Body;

    private static string? TryStart(ModuleDefinition module, string method) =>
        (Body(module, method).ExceptionHandlers.Single().TryStart.Operand as MethodReference)?.Name;

    private static Code FirstBranch(ModuleDefinition module, string method) =>
        Body(module, method).Instructions.First(i => i.OpCode.FlowControl == FlowControl.Cond_Branch).OpCode.Code;
}
