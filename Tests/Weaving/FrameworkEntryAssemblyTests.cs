using System;
using System.Linq;
using System.Xml.Linq;
using AuditWeaver.Fody;
using Fody;
using Mono.Cecil;
using Mono.Cecil.Cil;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Weaving;

/// <summary>
/// A program built with <c>Framework="true"</c> starts the runtime when it loads even when it has no call site of its own
/// (a web app's Program.cs): the runtime checks at start-up that the woven framework the publish wrote is what loads,
/// and with a framework assembly replaced, no woven module might load to start it. Programs without the switch, and
/// libraries, gain nothing.
/// </summary>
public sealed class FrameworkEntryAssemblyTests
{
    [TestCase("<AuditWeaver Framework=\"true\" />", ModuleKind.Console, true)]
    [TestCase("<AuditWeaver />", ModuleKind.Console, false)]
    [TestCase("<AuditWeaver Framework=\"true\" />", ModuleKind.Dll, false)]
    public void AProgramWithNoCallSiteStartsTheRuntimeWhenItsFrameworkIsWoven(string configuration, ModuleKind kind, bool startsRuntime)
    {
        using var temp = new TempDirectory();
        var path = WriteModuleWithoutCallSites(temp.File("NoSites.dll"), kind);
        var weaver = new ModuleWeaver { Config = XElement.Parse(configuration) };
#pragma warning disable CS0618 // FodyHelpers marks its test helper obsolete to keep it out of production code.
        var run = weaver.ExecuteTestRun(path, runPeVerify: false, folderName: "framework-entry-" + kind + "-" + startsRuntime + "-" + configuration.Length);
#pragma warning restore CS0618
        Assert.That(run.Errors, Is.Empty);
        Assert.That(weaver.Result!.Sites, Is.Empty);

        using var woven = ModuleDefinition.ReadModule(run.AssemblyPath);
        var initializer = woven.Types.Single(t => t.Name == "<Module>").Methods.SingleOrDefault(m => m.IsConstructor && m.IsStatic);
        var calls = initializer?.Body.Instructions.Where(i => i.OpCode == OpCodes.Call).Select(i => ((MethodReference)i.Operand).FullName).ToList();
        Assert.That(calls?.Contains("System.Void AuditWeaver.Weaving.ModuleStartup::Run()") == true, Is.EqualTo(startsRuntime), initializer == null ? "no module initializer" : MethodText.Render(initializer));
    }

    // An assembly whose only method returns: nothing in it is audited.
    private static string WriteModuleWithoutCallSites(string path, ModuleKind kind)
    {
        using var assembly = AssemblyDefinition.CreateAssembly(new AssemblyNameDefinition("NoSites", new Version(1, 0, 0, 0)), "NoSites.dll", kind);
        var module = assembly.MainModule;
        var program = new TypeDefinition("NoSites", "Program", TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed, module.TypeSystem.Object);
        var main = new MethodDefinition("Main", MethodAttributes.Public | MethodAttributes.Static, module.TypeSystem.Void);
        main.Body.Instructions.Add(Instruction.Create(OpCodes.Ret));
        program.Methods.Add(main);
        module.Types.Add(program);
        if (kind != ModuleKind.Dll)
        {
            module.EntryPoint = main;
        }

        assembly.Write(path);
        return path;
    }
}
