using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using Mono.Cecil;
using Mono.Cecil.Cil;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Reliability;

/// <summary>
/// Fixtures/FSharpLibrary's tail calls to audited members, woven by Fody and by the tool: valid IL, still tail calls,
/// events raised (their entry points' outcomes and events are in <see cref="FSharpLibraryCases"/>).
/// </summary>
public class FSharpTailCallTests
{
    private static readonly CompilerFixture s_fixture = CompilerFixture.FSharp;

    // Proves the fixture has the shape under test: F# writes tail. before these audited virtual calls (and never before
    // a static one, such as File.ReadAllText), so the woven tail-call sites are really exercised.
    [Test]
    public void TheCompilerPutsTailCallsBeforeAuditedCalls()
    {
        using var module = ModuleDefinition.ReadModule(s_fixture.OriginalPath);
        var scenarios = module.GetType(s_fixture.ScenariosType);

        Assert.That(Ending(scenarios, "deleteLast", 3), Is.EqualTo(new[] { "tail.", "callvirt System.Void System.IO.FileSystemInfo::Delete()", "ret" }));
        Assert.That(Ending(scenarios, "existsLast", 3), Is.EqualTo(new[] { "tail.", "callvirt System.Boolean System.IO.FileSystemInfo::get_Exists()", "ret" }));
        Assert.That(Ending(scenarios, "delegateLast", 3), Is.EqualTo(new[] { "tail.", "callvirt System.Delegate System.Reflection.MethodInfo::CreateDelegate(System.Type)", "ret" }));
    }

    /// <summary>
    /// The woven shape: the event is raised before the call and tail. stays directly before it, so the call is still a
    /// tail call and the IL stays valid (tail. must be followed by the call and ret). Where a catalog entry's after clause
    /// must work on the result (MethodInfo.CreateDelegate), the call is no longer last, so tail. is dropped. Every
    /// tail. in the woven module is followed by a call and ret, and only that one is gone.
    /// </summary>
    [TestCase(WeavingFront.Fody)]
    [TestCase(WeavingFront.Tool)]
    public void ATailCallStaysATailCallAfterItsEvent(WeavingFront front)
    {
        using var original = ModuleDefinition.ReadModule(s_fixture.OriginalPath);
        using var module = ModuleDefinition.ReadModule(s_fixture.WovenPath(front));
        var scenarios = module.GetType(s_fixture.ScenariosType);

        var delete = MethodText.Render(scenarios.Methods.Single(m => m.Name == "deleteLast"));
        Assert.That(delete, Does.Contain("callvirt System.Void AuditWeaver.Weaving.SiteTable::Raise(System.Int32,System.Object)"));
        Assert.That(Ending(scenarios, "deleteLast", 4), Is.EqualTo(new[] { "ldloc.0", "tail.", "callvirt System.Void System.IO.FileSystemInfo::Delete()", "ret" }));
        Assert.That(Ending(scenarios, "existsLast", 4), Is.EqualTo(new[] { "ldloc.0", "tail.", "callvirt System.Boolean System.IO.FileSystemInfo::get_Exists()", "ret" }));

        var createDelegate = MethodText.Render(scenarios.Methods.Single(m => m.Name == "delegateLast"));
        Assert.That(createDelegate, Does.Not.Contain("tail."));
        Assert.That(createDelegate, Does.Contain("callvirt System.Delegate System.Reflection.MethodInfo::CreateDelegate(System.Type)" + Environment.NewLine + "stloc."));
        Assert.That(createDelegate, Does.Contain("RouteFunctions::Auditdelegate"));

        var tails = TailPrefixes(module).ToList();
        Assert.That(tails, Has.All.Matches<Instruction>(t => t.Next.OpCode.FlowControl == FlowControl.Call && t.Next.Next.OpCode == OpCodes.Ret));
        Assert.That(tails, Has.Count.EqualTo(TailPrefixes(original).Count() - 1));
    }

    // A tail call leaves no frame: an exception thrown by the audited callee shows neither deleteLast nor its caller,
    // woven as unwoven. Had weaving dropped the prefix, the woven trace would show them.
    [TestCase(WeavingFront.Fody)]
    [TestCase(WeavingFront.Tool)]
    public void AnExceptionThroughAWovenTailCallShowsTheSameFrames(WeavingFront front)
    {
        using var temp = new TempDirectory();
        var folder = Path.Combine(temp.Path, "work");
        FixtureFolder.Seed(folder);
        var unwoven = FixtureFrames(s_fixture.Unwoven, folder);
        using var recorder = AuditRecorder.Start();
        var woven = FixtureFrames(s_fixture.Woven(front), folder);

        Assert.That(unwoven, Has.None.EqualTo("deleteLast").And.None.EqualTo("removeFolder"));
        Assert.That(woven, Is.EqualTo(unwoven));
        Assert.That(recorder.Single("file.delete").Caller, Does.Contain("deleteLast"));
    }

    private static string[] Ending(TypeDefinition type, string method, int count) =>
        MethodText.Render(type.Methods.Single(m => m.Name == method)).Split(Environment.NewLine).TakeLast(count).ToArray();

    private static IEnumerable<Instruction> TailPrefixes(ModuleDefinition module) =>
        module.GetTypes().SelectMany(t => t.Methods).Where(m => m.HasBody).SelectMany(m => m.Body.Instructions).Where(i => i.OpCode == OpCodes.Tail);

    // The frames of the fixture's own methods in the trace of the IOException that removeFolder throws.
    private static List<string> FixtureFrames(Assembly assembly, string folder)
    {
        var method = assembly.GetType(s_fixture.ScenariosType, throwOnError: true)!.GetMethod("removeFolder")!;
        var exception = Assert.Throws<TargetInvocationException>(() => method.Invoke(null, new object[] { folder }))!.InnerException;
        Assert.That(exception, Is.TypeOf<IOException>());
        return new StackTrace(exception!).GetFrames().Select(f => f.GetMethod()).Where(m => m?.Module.Assembly == assembly).Select(m => m!.Name).ToList();
    }
}
