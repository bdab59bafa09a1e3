using System;
using System.IO;
using System.Linq;
using AuditWeaver;
using AuditWeaver.Fody.Engine;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Weaving;

/// <summary>
/// The bypass suite: one scenario per indirect route to an audited member. Each must be audited (and deniable), or,
/// where it cannot be, reported by the weaver with a diagnostic that names the method and line.
/// </summary>
public class BypassTests : TempFixture
{
    private readonly dynamic _bypass = Woven.Create("BypassScenarios");

    [Test]
    public void AMethodGroupDelegateReachesAnAuditedPath()
    {
        var path = Temp.Write("a.txt", "group");
        string text = null!;
        var e = Expect.Raises("file.open", new object?[] { path, "Open", "Read" }, () => text = _bypass.MethodGroup(path));
        Assert.That(text, Is.EqualTo("group"));
        Assert.That(e.Api, Is.EqualTo("M:System.IO.File.ReadAllText(System.String)"));
        Assert.That(e.Caller, Is.EqualTo("AssemblyToProcess.BypassScenarios.MethodGroup"));
        Expect.Denied("file.open", () => _bypass.MethodGroup(path));
    }

    [Test]
    public void AFunctionPointerReachesAnAuditedPath()
    {
        var path = Temp.Write("p.txt", "pointer");
        string text = null!;
        Expect.Raises("file.open", new object?[] { path, "Open", "Read" }, () => text = _bypass.FunctionPointer(path));
        Assert.That(text, Is.EqualTo("pointer"));
        Expect.Denied("file.open", () => _bypass.FunctionPointer(path));
    }

    [Test]
    public void AnInstanceMethodGroupKeepsVirtualDispatchAndIsAudited()
    {
        var path = Temp.Write("i.txt", "x");
        Expect.Denied("file.delete", () => _bypass.InstanceMethodGroup(path));
        Assert.That(File.Exists(path), Is.True);
        Expect.Raises("file.delete", new object?[] { path }, () => _bypass.InstanceMethodGroup(path));
        Assert.That(File.Exists(path), Is.False);
    }

    [Test]
    public void ReflectionInvokeRaisesItsOwnEventAndTheTargets()
    {
        var path = Temp.Write("r.txt", "reflected");
        using (var recorder = AuditRecorder.Start())
        {
            Assert.That((string)_bypass.ReflectionInvoke(path), Is.EqualTo("reflected"));
            Assert.That(recorder.Events.Select(e => e.Name), Is.EqualTo(new[] { "reflection.invoke", "file.open" }));
            var target = recorder.Single("file.open");
            Assert.That(target.Arguments, Is.EqualTo(new object?[] { path, "Open", "Read" }));
            Assert.That(target.Api, Is.EqualTo("M:System.IO.File.ReadAllText(System.String)"));
            Assert.That(target.Caller, Is.EqualTo("AssemblyToProcess.BypassScenarios.ReflectionInvoke"));
        }

        Expect.Denied("file.open", () => _bypass.ReflectionInvoke(path));
    }

    [Test]
    public void DelegatesMadeByReflectionRaiseTheirTargetsEventOnEveryCall()
    {
        var path = Temp.Write("d.txt", "delegate");
        foreach (var make in new Func<Func<string, string>>[] { () => _bypass.ReflectionDelegate(), () => _bypass.GenericReflectionDelegate() })
        {
            using var recorder = AuditRecorder.Start();
            var read = make();
            Assert.That(recorder.Single("reflection.createdelegate").Arguments[0]?.ToString(), Does.Contain("ReadAllText"));
            Assert.That(read(path), Is.EqualTo("delegate"));
            Assert.That(read(path), Is.EqualTo("delegate"));
            Assert.That(recorder.Named("file.open").Select(e => e.Arguments[0]), Is.EqualTo(new[] { path, path }));
        }

        var denied = (Func<string, string>)_bypass.ReflectionDelegate();
        using (AuditRecorder.Denying("file.open"))
        {
            Assert.Throws<AuditDeniedException>(() => denied(path));
        }
    }

    [Test]
    public void DynamicInvokeRaisesTheTargetsEvent()
    {
        var path = Temp.Write("di.txt", "dynamic");
        Func<string, bool> target = File.Exists;
        using var recorder = AuditRecorder.Start();
        Assert.That(_bypass.DynamicInvoke(target, path), Is.True);
        Assert.That(recorder.Events.Select(e => e.Name), Is.EqualTo(new[] { "reflection.dynamicinvoke", "file.stat" }));
    }

    [Test]
    public void ActivatorCreatingAFileStreamRaisesFileOpen()
    {
        var path = Temp.File("activated.bin");
        Expect.Denied("file.open", () => _bypass.ActivatorCreatesAFileStream(path));
        Assert.That(File.Exists(path), Is.False);
        using var recorder = AuditRecorder.Start();
        _bypass.ActivatorCreatesAFileStream(path);
        Assert.That(recorder.Events.Select(e => e.Name), Is.EqualTo(new[] { "reflection.createinstance", "file.open" }));
        Assert.That(recorder.Single("file.open").Arguments, Is.EqualTo(new object?[] { path, "CreateNew", "ReadWrite" }));
        Assert.That(File.Exists(path), Is.True);
    }

    [Test]
    public void InvokeMemberRaisesTheMembersEvent()
    {
        var path = Temp.Write("im.txt", "x");
        Expect.Denied("file.delete", () => _bypass.InvokeMemberDeletes(path));
        Assert.That(File.Exists(path), Is.True);
        using var recorder = AuditRecorder.Start();
        _bypass.InvokeMemberDeletes(path);
        Assert.That(recorder.Events.Select(e => e.Name), Is.EqualTo(new[] { "reflection.invokemember", "file.delete" }));
        Assert.That(File.Exists(path), Is.False);
    }

    [Test]
    public void MethodInvokerRaisesTheMembersEvent()
    {
        var path = Temp.Write("mi.txt", "invoker");
        using (var recorder = AuditRecorder.Start())
        {
            Assert.That((string)_bypass.MethodInvokerReads(path), Is.EqualTo("invoker"));
            Assert.That(recorder.Events.Select(e => e.Name), Is.EqualTo(new[] { "reflection.invoker", "reflection.invoke", "file.open" }));
        }

        Expect.Denied("file.open", () => _bypass.MethodInvokerReads(path));
    }

    [Test]
    public void AGetterReadByReflectionRaisesItsEvent()
    {
        var path = Temp.Write("len.txt", "12345");
        using var recorder = AuditRecorder.Start();
        Assert.That((string)_bypass.PropertyGetterByReflection(path), Is.EqualTo("5"));
        Assert.That(recorder.Single("file.stat").Arguments, Is.EqualTo(new object?[] { path, "attributes" }), "the getter's receiver is the reflected target");
    }

    [Test]
    public void ExpressionTreesCompileToAuditedCalls()
    {
        var path = Temp.Write("e.txt", "expression");
        using (var recorder = AuditRecorder.Start())
        {
            var read = (Func<string, string>)_bypass.CompiledExpression();
            Assert.That(recorder.Single("reflection-emit.compile").Arguments[0], Is.EqualTo("p => ReadAllText(p)"));
            Assert.That(read(path), Is.EqualTo("expression"));
            Assert.That(recorder.Single("file.open").Arguments, Is.EqualTo(new object?[] { path, "Open", "Read" }));

            var exists = (Func<string, bool>)_bypass.CompiledLambdaExpression();
            Assert.That(exists(path), Is.True);
            Assert.That(recorder.Single("file.stat").Arguments, Is.EqualTo(new object?[] { path, "exists" }));
        }

        var denied = (Func<string, string>)_bypass.CompiledExpression();
        using (AuditRecorder.Denying("file.open"))
        {
            Assert.Throws<AuditDeniedException>(() => denied(path));
        }
    }

    [Test]
    public void ADynamicCallIsAudited()
    {
        var path = Temp.Write("dyn.txt", "x");
        Expect.Denied("file.delete", () => _bypass.DynamicCall(path));
        Assert.That(File.Exists(path), Is.True);
        using (var recorder = AuditRecorder.Start())
        {
            _bypass.DynamicCall(path);
            var delete = recorder.Single("file.delete");
            Assert.That(delete.Arguments, Is.EqualTo(new object?[] { path }));
            Assert.That(delete.Api, Is.EqualTo("M:System.IO.FileSystemInfo.Delete"));
        }

        Assert.That(File.Exists(path), Is.False);
    }

    [Test]
    public void WhatCannotBeAttributedIsReportedWithItsMethodAndLine()
    {
        var diagnostics = Woven.Result.Diagnostics;
        Assert.That(diagnostics.Where(d => d.Method == "AssemblyToProcess.BypassScenarios.DynamicCall"), Is.Empty, "a dynamic call is audited (ADynamicCallIsAudited)");
        var dynamicCall = diagnostics.Single(d => d.Id == DiagnosticIds.DynamicCallSite && d.Method == "AssemblyToProcess.BypassScenarios.EscapingBinder");
        Assert.That(dynamicCall.Message, Does.Contain("'Length'"));
        Assert.That(dynamicCall.Line, Is.GreaterThan(0));
        Assert.That(dynamicCall.Severity, Is.EqualTo(DiagnosticSeverity.Info), "informational by default: not a build warning");

        var calli = diagnostics.Single(d => d.Id == DiagnosticIds.ManagedCalli && d.Method == "AssemblyToProcess.BypassScenarios.PointerFromAHandle");
        Assert.That(calli.SourceFile, Does.EndWith("BypassScenarios.cs"));
        Assert.That(diagnostics.Where(d => d.Id == DiagnosticIds.PInvokeDeclaration).Select(d => d.Message), Has.Some.Contains("libc!getpid"));
        Assert.That(diagnostics.Count(d => d.Id == DiagnosticIds.UnsafeAccessorDeclaration && d.Method?.StartsWith("AssemblyToProcess.BypassScenarios.", StringComparison.Ordinal) == true), Is.EqualTo(2));
    }

    [Test]
    public void APointerTakenFromAMethodHandleIsAuditedWhenTaken()
    {
        var path = Temp.Write("fp.txt", "x");
        using var recorder = AuditRecorder.Start();
        Assert.That((bool)_bypass.PointerFromAHandle(path), Is.True);
        Assert.That(recorder.Events.Select(e => e.Name), Is.EqualTo(new[] { "reflection.functionpointer", "file.stat" }));
    }

    [Test]
    public void PInvokeCallsAreAuditedWithLibraryAndEntryPoint()
    {
        int pid = 0;
        Expect.Raises("native.call", new object?[] { "libc", "getpid" }, () => pid = _bypass.PInvoke());
        Assert.That(pid, Is.EqualTo(Environment.ProcessId));
        Expect.Denied("native.call", () => _bypass.PInvoke());

        using var recorder = AuditRecorder.Start();
        Assert.That((int)_bypass.LibraryImport(), Is.GreaterThan(0));
        Assert.That(recorder.Single("native.call").Arguments, Is.EqualTo(new object?[] { "libc", "getppid" }), "LibraryImport's generated declaration");
    }

    [Test]
    public void NativeLoadsExportsAndUnmanagedCallsAreAudited()
    {
        using (var recorder = AuditRecorder.Start())
        {
            Assert.That((int)_bypass.UnmanagedPointer(), Is.EqualTo(Environment.ProcessId));
            Assert.That(recorder.Events.Select(e => e.Name), Is.EqualTo(new[] { "native.load", "native.export", "native.calli" }));
            Assert.That(recorder.Single("native.load").Arguments, Is.EqualTo(new object?[] { "libc.so.6" }));
            Assert.That(recorder.Single("native.export").Arguments[1], Is.EqualTo("getpid"));
            Assert.That(recorder.Single("native.calli").Arguments, Is.EqualTo(new object?[] { "Unmanaged" }));
        }

        Expect.Denied("native.calli", () => _bypass.UnmanagedPointer());
    }

    [Test]
    public void UnsafeAccessorsAreAuditedAndRefusedIntoAuditWeaver()
    {
        var counter = new AssemblyToProcess_Counter();
        using (var recorder = AuditRecorder.Start())
        {
            _bypass.UserFieldThroughUnsafeAccessor(counter.Instance);
            Assert.That(counter.Value, Is.EqualTo(42));
            Assert.That(recorder.Single("type-mutation.unsafeaccessor").Arguments, Is.EqualTo(new object?[] { "Field", "_count", "AssemblyToProcess.Counter" }));
        }

        AuditEvent sample;
        using (var recorder = AuditRecorder.Start())
        {
            Audit.Raise("test.sample");
            sample = recorder.Single("test.sample");
        }

        var refused = Assert.Throws<AuditDeniedException>(() => _bypass.AuditWeaverFieldThroughUnsafeAccessor(sample));
        Assert.That(refused!.Message, Does.EndWith("an UnsafeAccessor into AuditWeaver's own members is refused: audit hooks cannot be removed or replaced."));
    }

    [Test]
    public void ReflectionCannotEmptyOrReadTheHookListWhateverTheHooksSay()
    {
        using var recorder = AuditRecorder.Start();
        var clear = Assert.Throws<AuditDeniedException>(() => _bypass.ClearHooksThroughReflection());
        Assert.That(clear!.Message, Is.EqualTo("Reflection on AuditWeaver's own field AuditWeaver.Hooks.HookRegistry.s_hooks is refused: audit hooks cannot be removed, replaced or read back."));
        Assert.Throws<AuditDeniedException>(() => _bypass.ReadHooksThroughReflection());

        // The hooks are intact: events still arrive.
        Audit.Raise("test.still-here");
        Assert.That(recorder.Named("test.still-here"), Has.Count.EqualTo(1));

        // Other fields are written as before, and audited.
        var counter = new AssemblyToProcess_Counter();
        _bypass.SetUserFieldThroughReflection(counter.Instance);
        Assert.That(counter.Value, Is.EqualTo(7));
        Assert.That(recorder.Single("type-mutation.setfield").Arguments[2], Is.EqualTo(7));
    }

    [Test]
    public void ObjectsCreatedWithoutAConstructorAreAudited()
    {
        Expect.Raises("type-mutation.uninitialized", new object?[] { typeof(FileInfo) }, () => _bypass.Uninitialized());
    }

    [Test]
    public void FormatterServicesRaisesWhatRuntimeHelpersRaises()
    {
        var e = Expect.Raises("type-mutation.uninitialized", new object?[] { typeof(FileInfo) }, () => Assert.That(_bypass.UninitializedThroughFormatterServices(), Is.InstanceOf<FileInfo>()));
        Assert.That(e.Api, Is.EqualTo("M:System.Runtime.Serialization.FormatterServices.GetUninitializedObject(System.Type)"));
        Expect.Raises("type-mutation.uninitialized", new object?[] { typeof(FileInfo) }, () => _bypass.SafeUninitializedThroughFormatterServices());
        Expect.Denied("type-mutation.uninitialized", () => _bypass.SafeUninitializedThroughFormatterServices());
    }

    [Test]
    public void FrameworkFactoriesOfAGivenTypeRaiseTheConstructorsEventToo()
    {
        var path = Temp.File("made.txt");
        foreach (var create in new Func<object?>[]
        {
            () => _bypass.CreateWithLicenseContext(typeof(StreamWriter), new object[] { path }),
            () => _bypass.CreateThroughTypeDescriptor(typeof(StreamWriter), new object[] { path }),
        })
        {
            using var recorder = AuditRecorder.Start();
            ((IDisposable)create()!).Dispose();
            Assert.That(recorder.Events.Select(e => e.Name), Is.EqualTo(new[] { "reflection.createinstance", "file.open" }));
            Assert.That(recorder.Events[0].Arguments, Is.EqualTo(new object?[] { typeof(StreamWriter), new object[] { path }, null }));
            Assert.That(recorder.Events[1].Arguments, Is.EqualTo(new object?[] { path, "Create", "Write" }));
        }

        File.Delete(path);
        Expect.Denied("reflection.createinstance", () => _bypass.CreateThroughTypeDescriptor(typeof(StreamWriter), new object[] { path }));
        Assert.That(File.Exists(path), Is.False, "a denied factory creates nothing");
    }

    [Test]
    public void ADispatchProxyIsAnObjectOfTheProxyType()
    {
        var e = Expect.Raises("reflection.createinstance", new object?[] { Woven.Type("NothingProxy"), null, null }, () => _bypass.CreateDispatchProxy());
        Assert.That(e.Api, Is.EqualTo("M:System.Reflection.DispatchProxy.Create(System.Type,System.Type)"));
    }

    [Test]
    public void ACallThroughTheBaseTypeIsAudited()
    {
        var path = Temp.Write("b.txt", "x");
        var e = Expect.Raises("file.delete", new object?[] { path }, () => _bypass.ThroughTheBaseType(path));
        Assert.That(e.Api, Is.EqualTo("M:System.IO.FileSystemInfo.Delete"));
    }

    // The woven assembly's Counter, used through dynamic.
    private sealed class AssemblyToProcess_Counter
    {
        internal dynamic Instance { get; } = Woven.Create("Counter");

        internal int Value => Instance.Value;
    }
}
