using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Weaving;

/// <summary>
/// The compiler shapes around audited calls are woven and behave as before: each scenario runs woven and unwoven and
/// must give the same result, and the woven one must raise the expected events.
/// </summary>
public class ShapeTests : TempFixture
{
    private readonly dynamic _woven = Woven.Create("ShapeScenarios");
    private readonly dynamic _original = Unwoven.Create("ShapeScenarios");
    private string _a = null!;
    private string _b = null!;

    [SetUp]
    public void WriteInputs()
    {
        _a = Temp.Write("a.txt", "alpha");
        _b = Temp.Write("b.txt", "beta");
    }

    [Test]
    public void Ternary()
    {
        Same(s => s.Ternary(true, _a, "missing"), "file.stat", _a);
        Same(s => s.Ternary(false, _a, "missing"), "file.stat", "missing");
    }

    [Test]
    public void NestedCalls()
    {
        var pointer = Temp.Write("pointer.txt", _a + "\n");
        using var recorder = AuditRecorder.Start();
        Assert.That((bool)_woven.Nested(pointer), Is.EqualTo((bool)_original.Nested(pointer)).And.True);
        Assert.That(recorder.Events.Select(e => e.Name), Is.EqualTo(new[] { "file.open", "file.stat" }));
        Assert.That(recorder.Events[1].Arguments[0], Is.EqualTo(_a));
    }

    [Test]
    public void LambdasClosuresAndLocalFunctions()
    {
        Assert.That(Same(s => s.Lambda(_a), "file.open", _a).Caller, Is.EqualTo("AssemblyToProcess.ShapeScenarios.Lambda.<lambda>"));
        Assert.That(Same(s => s.Closure(_a), "file.open", _a).Caller, Is.EqualTo("AssemblyToProcess.ShapeScenarios.Closure.<lambda>"));
        Assert.That(Same(s => s.LocalFunction(_a), "file.open", _a).Caller, Is.EqualTo("AssemblyToProcess.ShapeScenarios.LocalFunction.Read"));
    }

    [Test]
    public void StaticLocalFunction()
    {
        var woven = Woven.Type("ShapeScenarios").GetMethod("StaticLocalFunction")!;
        using var recorder = AuditRecorder.Start();
        Assert.That(woven.Invoke(null, new object[] { _a }), Is.EqualTo("alpha"));
        Assert.That(recorder.Single("file.open").Caller, Is.EqualTo("AssemblyToProcess.ShapeScenarios.StaticLocalFunction.Read"));
    }

    [Test]
    public async Task AsyncStateMachine()
    {
        using var recorder = AuditRecorder.Start();
        string woven = await _woven.Async(_a);
        string original = await _original.Async(_a);
        Assert.That(woven, Is.EqualTo(original).And.EqualTo("alphaalpha"));
        Assert.That(recorder.Named("file.open"), Has.Count.EqualTo(2));
        Assert.That(recorder.Events.Select(e => e.Caller).Distinct(), Is.EqualTo(new[] { "AssemblyToProcess.ShapeScenarios.Async" }));
    }

    [Test]
    public void AsyncDenialFaultsTheTask()
    {
        using var recorder = AuditRecorder.Denying("file.open");
        Task<string> task = _woven.Async(_a);
        var exception = Assert.ThrowsAsync<AuditWeaver.AuditDeniedException>(async () => await task);
        Assert.That(exception!.Event!.Name, Is.EqualTo("file.open"));
    }

    [Test]
    public void Iterator()
    {
        using var recorder = AuditRecorder.Start();
        IEnumerable<string> lazy = _woven.Iterator(new[] { _a, _b });
        Assert.That(recorder.Events, Is.Empty, "nothing runs until the iterator is enumerated");
        Assert.That(lazy.ToList(), Is.EqualTo(new[] { "alpha", "beta" }));
        Assert.That(recorder.Named("file.open").Select(e => e.Arguments[0]), Is.EqualTo(new[] { _a, _b }));
        Assert.That(recorder.Events[0].Caller, Is.EqualTo("AssemblyToProcess.ShapeScenarios.Iterator"));
    }

    [Test]
    public void TryCatchFinally()
    {
        var missing = Temp.File("missing.txt");
        using var recorder = AuditRecorder.Start();
        Assert.That((string)_woven.TryCatchFinally(missing, _b), Is.EqualTo((string)_original.TryCatchFinally(missing, _b)).And.EqualTo("beta"));
        Assert.That(recorder.Events.Select(e => e.Name), Is.EqualTo(new[] { "file.open", "file.open", "file.stat" }));
    }

    [Test]
    public void ExceptionFilter()
    {
        var marker = Temp.Write("marker", "m");
        using (var recorder = AuditRecorder.Start())
        {
            Assert.That((string)_woven.Filter(_a, marker), Is.EqualTo("alpha"));
            Assert.That(recorder.Events.Select(e => e.Name), Is.EqualTo(new[] { "file.stat", "file.open" }));
        }

        Assert.That((string)_woven.Filter(_a, Temp.File("absent")), Is.EqualTo((string)_original.Filter(_a, Temp.File("absent"))).And.EqualTo("not filtered"));
    }

    [Test]
    public void GenericMethodsAndTypes()
    {
        Assert.That((int)_woven.Generic<int>(_a, (Func<string, int>)(s => s.Length)), Is.EqualTo(5));
        Same(s => s.GenericType(_a), "file.open", _a);
    }

    [Test]
    public void StructsAndByRef()
    {
        Same(s => s.Struct(_a), "file.stat", _a);
        Same(s => s.ByRef(_a), "file.stat", _a);
    }

    [Test]
    public void SwitchAndLoop()
    {
        for (var selector = 0; selector < 4; selector++)
        {
            Assert.That((int)_woven.Switch(selector, _a, _b), Is.EqualTo((int)_original.Switch(selector, _a, _b)), "selector " + selector);
        }

        using var recorder = AuditRecorder.Start();
        var paths = new[] { _a, "missing", _b };
        Assert.That((int)_woven.Loop(paths), Is.EqualTo(2));
        Assert.That((int)_woven.Linq(paths), Is.EqualTo(2));
        Assert.That(recorder.Named("file.stat"), Has.Count.EqualTo(6), "the loop's calls, and the method group passed to Where (routed through an audited thunk)");
    }

    [Test]
    public void SpanArguments()
    {
        Same(s => s.Span(_a), "file.open", _a);
    }

    [Test]
    public void ClassConstrainedGeneric()
    {
        var path = Temp.Write("c.txt", "c");
        Expect.Raises("file.delete", new object?[] { path }, () => _woven.Constrained(new FileInfo(path)));
        Assert.That(File.Exists(path), Is.False);
    }

    [Test]
    public void BaseConstructorCall()
    {
        var path = Temp.File("derived.bin");
        var e = Expect.Raises("file.open", new object?[] { path, "Create", "Write" }, () => _woven.Derived(path));
        Assert.That(e.Api, Is.EqualTo("M:System.IO.FileStream.#ctor(System.String,System.IO.FileMode,System.IO.FileAccess)"));
        Assert.That(e.Caller, Is.EqualTo("AssemblyToProcess.LoggedFileStream..ctor"));
        File.Delete(path);
        Expect.Denied("file.open", () => _woven.Derived(path));
        Assert.That(File.Exists(path), Is.False);
    }

    [Test]
    public void StaticConstructor()
    {
        using var recorder = AuditRecorder.Start();
        Assert.That((string)_woven.StaticConstructor(), Is.EqualTo((string)_original.StaticConstructor()));
        Assert.That(recorder.Events.Select(e => e.Caller).Distinct(), Is.EqualTo(new[] { "AssemblyToProcess.WithStaticConstructor..cctor" }));
    }

    private AuditWeaver.AuditEvent Same(Func<dynamic, object> scenario, string eventName, string path)
    {
        object original = scenario(_original);
        using var recorder = AuditRecorder.Start();
        object woven = scenario(_woven);
        Assert.That(woven, Is.EqualTo(original));
        var auditEvent = recorder.Single(eventName);
        Assert.That(auditEvent.Arguments[0], Is.EqualTo(path));
        return auditEvent;
    }
}
