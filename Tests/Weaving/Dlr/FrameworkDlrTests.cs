using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using AuditWeaver.Fody.Configuration;
using AuditWeaver.Fody.Engine;
using Mono.Cecil;
using Mono.Cecil.Cil;
using NUnit.Framework;

namespace Tests.Weaving.Dlr;

/// <summary>
/// The framework's DLR, woven as --framework weaves it: CallSiteBinder.BindCore hands every binder's rule to the
/// rewrite, whatever host created the binder, and the framework's own binders' overrides return rewritten rules.
/// (Running a woven framework is the framework tests' work; this checks what the catalog makes of its code.)
/// </summary>
public class FrameworkDlrTests
{
    private static readonly string s_framework = Path.GetDirectoryName(typeof(CallSiteBinder).Assembly.Location)!;

    [Test]
    public void BindCoreRewritesTheRuleOfEveryBinder()
    {
        using var module = WovenFrameworkModule("System.Linq.Expressions.dll");
        var bindCore = module.GetType("System.Runtime.CompilerServices.CallSiteBinder").Methods.Single(m => m.Name == "BindCore");
        var calls = Calls(bindCore);
        Assert.That(calls, Does.Contain("CallSiteBinder::Bind").And.Contain("RouteFunctions::Auditrule"));
        Assert.That(calls.IndexOf("RouteFunctions::Auditrule", System.StringComparison.Ordinal), Is.GreaterThan(calls.IndexOf("CallSiteBinder::Bind", System.StringComparison.Ordinal)), "the rule Bind returned is rewritten before it is compiled");
        Assert.That(calls, Does.Contain("RouteFunctions::Ruledelegate"), "BindDelegate's ready-made rule is checked too");
    }

    [Test]
    public void MicrosoftCSharpBindersReturnRewrittenRules()
    {
        using var module = WovenFrameworkModule("Microsoft.CSharp.dll");
        var fallback = module.GetTypes().Single(t => t.FullName == "Microsoft.CSharp.RuntimeBinder.CSharpInvokeMemberBinder").Methods.Single(m => m.Name == "FallbackInvokeMember");
        Assert.That(Calls(fallback), Does.Contain("RouteFunctions::Auditrule"));
    }

    private static ModuleDefinition WovenFrameworkModule(string fileName)
    {
        var resolver = new DefaultAssemblyResolver();
        resolver.AddSearchDirectory(s_framework);
        var module = ModuleDefinition.ReadModule(Path.Combine(s_framework, fileName), new ReaderParameters { AssemblyResolver = resolver, InMemory = true });
        var outcome = AssemblyWeaving.Weave(module, WeaverConfiguration.Read(null));
        Assert.That(outcome.Failed, Is.False, string.Join("\n", outcome.Messages.Select(m => m.Text)));
        return module;
    }

    private static string Calls(MethodDefinition method) =>
        string.Join("\n", method.Body.Instructions.Where(i => i.OpCode.Code is Code.Call or Code.Callvirt).Select(i => ((MethodReference)i.Operand).DeclaringType.Name + "::" + ((MethodReference)i.Operand).Name));
}
