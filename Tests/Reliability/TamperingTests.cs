using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Reliability;

/// <summary>
/// Woven code trying to switch auditing off in its own process (AssemblyToProcess.TamperingScenarios): each route is
/// either refused whatever the hooks say, or audited so that a hook can refuse it. After every attempt the child checks
/// that hooks still run, woven call sites still raise, and the verifier still refuses (<see cref="TamperingChild"/>).
/// One child runs every attempt, since a successful one would change the process for good.
/// </summary>
[NonParallelizable]
public class TamperingTests
{
    private const string FieldRefusal = "threw AuditDeniedException: Reflection on AuditWeaver's own field ";
    private const string MemberRefusal = "threw AuditDeniedException: Reflection on AuditWeaver's non-public member ";
    private const string Intact = "hooks=True sites=True verifier=True";

    private TempDirectory _temp = null!;
    private Dictionary<string, string> _lines = null!;
    private string _copy = null!;

    [OneTimeSetUp]
    public void RunEveryAttempt()
    {
        _temp = new TempDirectory();
        Directory.CreateDirectory(_temp.File("copy"));
        _copy = _temp.File(Path.Combine("copy", "AssemblyToProcess.dll"));
        File.Copy(Paths.AssemblyToProcess, _copy);
        var refused = _temp.File("Refused.dll");
        File.Copy(Paths.AssemblyToProcess, refused);
        var (_, exitCode, output, error) = Child.Run("tampering", Woven.AssemblyPath, _copy, refused, _temp.File("probe"));
        Assert.That(exitCode, Is.Zero, output + error);
        _lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(": ", 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1]);
    }

    [OneTimeTearDown]
    public void DeleteTemp() => _temp.Dispose();

    [TestCase("field-set-hooks", "AuditWeaver.Hooks.HookRegistry.s_hooks")]
    [TestCase("field-set-enabled", "AuditWeaver.Hooks.HookRegistry.s_enabled")]
    [TestCase("field-set-plan", "AuditWeaver.Hooks.HookRegistry.s_plan")]
    [TestCase("field-set-thread-depth", "AuditWeaver.Hooks.HookRegistry.t_depth")]
    [TestCase("field-set-thread-spare", "AuditWeaver.Hooks.HookRegistry.t_spareHandle")]
    [TestCase("field-set-keeps-events", "AuditWeaver.Hooks.HookRegistry.s_hookKeepsEvents")]
    [TestCase("field-set-verifier", "AuditWeaver.Routes.AssemblyVerification.s_verifier")]
    [TestCase("field-get-hooks", "AuditWeaver.Hooks.HookRegistry.s_hooks")]
    public void FieldInfoOnTheRuntimesStateIsRefused(string attempt, string field)
    {
        AssertRefused(attempt, FieldRefusal + field + " is refused: audit hooks cannot be removed, replaced or read back.");
    }

    [TestCase("invokemember-set-hooks", "AuditWeaver.Hooks.HookRegistry")]
    [TestCase("invokemember-set-enabled", "AuditWeaver.Hooks.HookRegistry")]
    [TestCase("invokemember-set-verifier", "AuditWeaver.Routes.AssemblyVerification")]
    [TestCase("invokemember-get-hooks", "AuditWeaver.Hooks.HookRegistry")]
    [TestCase("invokemember-call", "AuditWeaver.Hooks.HookRegistry")]
    [TestCase("invokemember-event-arguments", "AuditWeaver.AuditEvent")]
    public void InvokeMemberOnTheRuntimesNonPublicMembersIsRefused(string attempt, string type)
    {
        AssertRefused(attempt, "threw AuditDeniedException: Type.InvokeMember with non-public binding flags on AuditWeaver's type " + type + " is refused: audit hooks cannot be removed or replaced.");
    }

    [TestCase("methodinfo-invoke")]
    [TestCase("methodinvoker")]
    [TestCase("methodinfo-createdelegate")]
    [TestCase("delegate-createdelegate")]
    [TestCase("delegate-createdelegate-by-name")]
    public void CallsAndDelegatesToTheRuntimesNonPublicMethodsAreRefused(string attempt)
    {
        AssertRefused(attempt, MemberRefusal + "AuditWeaver.Hooks.HookRegistry.Refresh is refused: audit hooks cannot be removed or replaced.");
    }

    [Test]
    public void AnExpressionTreeWritingTheRuntimesFieldIsRefusedBeforeItCompiles()
    {
        AssertRefused("expression-set-enabled", FieldRefusal + "AuditWeaver.Hooks.HookRegistry.s_enabled is refused: audit hooks cannot be removed, replaced or read back.");
    }

    [Test]
    public void AnUnsafeAccessorNamingTheRuntimeByStringIsRefused()
    {
        AssertRefused("unsafeaccessor-verifier", "threw AuditDeniedException: Audit event 'type-mutation.unsafeaccessor' was denied: an UnsafeAccessor into AuditWeaver's own members is refused: audit hooks cannot be removed or replaced.");
    }

    [Test]
    public void CreatingAnInternalRuntimeTypeIsAuditedAndChangesNothing()
    {
        Assert.That(_lines["attempt activator-internal-type"], Is.EqualTo("ran"), "an unregistered instance is inert: registering it would need an internal method, which is refused");
        Assert.That(_lines["events activator-internal-type"], Does.StartWith("reflection.createinstance(type: \"AuditWeaver.Hooks.CaptureScopes\""));
        Assert.That(_lines["intact activator-internal-type"], Is.EqualTo(Intact));
    }

    [TestCase("load-from-denied", "assembly-load.file")]
    [TestCase("load-context-denied", "assembly-load.file")]
    [TestCase("load-bytes-denied", "assembly-load.bytes")]
    public void LoadingAnUnwovenCopyIsAuditedAndAHookCanRefuseIt(string attempt, string eventName)
    {
        Assert.That(_lines["attempt " + attempt], Is.EqualTo("threw AuditDeniedException: Audit event '" + eventName + "' was denied: denied by the tampering test"));
        Assert.That(_lines["events " + attempt], Does.Contain(eventName + "("));
        Assert.That(_lines.ContainsKey("copy " + attempt), Is.False, "nothing was loaded");
        Assert.That(_lines["intact " + attempt], Is.EqualTo(Intact));
    }

    [TestCase("load-context", "assembly-load.file")]
    [TestCase("load-bytes", "assembly-load.bytes")]
    public void AnUnwovenCopyThatAHookAllowedRunsUnaudited(string attempt, string eventName)
    {
        // The known limit: the load is the control point; code loaded unwoven raises nothing of its own.
        Assert.That(_lines["attempt " + attempt], Is.EqualTo("ran"));
        Assert.That(_lines["events " + attempt], Does.Contain(eventName + "("));
        Assert.That(_lines["copy " + attempt], Is.EqualTo("audited=False"));
        Assert.That(_lines["intact " + attempt], Is.EqualTo(Intact));
    }

    [TestCase("emit-store-hooks", "reflection-emit.dynamicmethod(name: \"store-null\")")]
    [TestCase("emit-assemblybuilder-store-hooks", "reflection-emit.type(name: \"Store\")")]
    [TestCase("emit-load-hooks", "reflection-emit.dynamicmethod(name: \"load\")")]
    [TestCase("emit-token-store-hooks", "reflection-emit.type(name: \"Store\")")]
    [TestCase("emit-reflected-override-store-hooks", "reflection-emit.dynamicmethod(name: \"store-null-reflected\")")]
    [TestCase("emit-dynamicilinfo-store-hooks", "reflection-emit.dynamicmethod(name: \"store-null-raw\")")]
    public void EmittedILNamingTheRuntimesFieldIsRefusedWhenEmitted(string attempt, string creation)
    {
        // The IL would be JIT-compiled with visibility checks skipped (DynamicMethod) or ignored (IgnoresAccessChecksTo),
        // so the refusal has to come from ILGenerator.Emit itself, after the audited creation of the method.
        AssertRefused(attempt, FieldRefusal + "AuditWeaver.Hooks.HookRegistry.s_hooks is refused: audit hooks cannot be removed, replaced or read back.");
        Assert.That(_lines["events " + attempt], Does.Contain(creation));
    }

    [TestCase("emit-call", "AuditWeaver.Hooks.HookRegistry.Refresh")]
    [TestCase("emit-emitcall", "AuditWeaver.Hooks.HookRegistry.Refresh")]
    [TestCase("emit-newobj", "AuditWeaver.Hooks.CaptureScopes..ctor")]
    [TestCase("functionpointer-call", "AuditWeaver.Hooks.HookRegistry.Refresh")]
    public void EmittedILCallingTheRuntimesNonPublicMembersIsRefusedWhenEmitted(string attempt, string member)
    {
        AssertRefused(attempt, MemberRefusal + member + " is refused: audit hooks cannot be removed or replaced.");
    }

    private void AssertRefused(string attempt, string refusal)
    {
        Assert.Multiple(() =>
        {
            Assert.That(_lines["attempt " + attempt], Is.EqualTo(refusal));
            Assert.That(_lines["intact " + attempt], Is.EqualTo(Intact), "hooks, call sites and verifier survive the attempt");
        });
    }
}
