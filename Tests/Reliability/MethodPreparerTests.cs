using System;
using System.IO;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Reliability;

/// <summary>
/// The corpus check is only as good as its preparer: bodies broken on purpose in a copy of Fixtures/Corpus's program (a
/// plain method, a generic method, a call to a member that does not exist) must each be reported, and nothing else.
/// </summary>
public class MethodPreparerTests : TempFixture
{
    [Test]
    public void BrokenBodiesAreReportedWithTheirMethodAndNothingElseIs()
    {
        var broken = Temp.File("Corpus.dll");
        using (var module = ModuleDefinition.ReadModule(Path.Combine(Paths.CorpusOutput, "Corpus.dll")))
        {
            // Pops from an empty stack.
            var step = Method(module, "Corpus.Report", "Step");
            step.Body.GetILProcessor().InsertBefore(step.Body.Instructions[0], Instruction.Create(OpCodes.Pop));

            // Leaves a value on the stack at a void return, in a generic method of a nested type.
            var log = Method(module, "Corpus.ListLoggerProvider/ListLogger", "Log");
            var ret = log.Body.Instructions.Last(i => i.OpCode == OpCodes.Ret);
            log.Body.GetILProcessor().InsertBefore(ret, Instruction.Create(OpCodes.Ldc_I4_0));

            // Calls a method that no assembly has, in a virtual method (an interface implementation).
            var hour = Method(module, "Corpus.FixedClock", "get_Hour");
            var missing = new MethodReference("NoSuchMethod", module.TypeSystem.Void, module.ImportReference(typeof(Console)));
            hour.Body.GetILProcessor().InsertBefore(hour.Body.Instructions[0], Instruction.Create(OpCodes.Call, missing));
            module.Write(broken);
        }

        var list = Temp.Write("list.txt", broken + "\t" + Paths.CorpusOutput);
        var (_, exitCode, output, error) = Child.Run("prepare-methods", list);
        Assert.That(exitCode, Is.EqualTo(0), error);
        var result = PreparationResult.Parse(output);

        Assert.That(result.Failures.Select(f => f.Member.Split("::")[0] + "::" + MethodName(f.Member) + " " + f.ExceptionType), Is.EquivalentTo(new[]
        {
            "Corpus.Report::Step System.InvalidProgramException",
            "Corpus.ListLoggerProvider+ListLogger::Log<Object> System.InvalidProgramException",
            "Corpus.ListLoggerProvider+ListLogger::Log<Int32> System.InvalidProgramException",
            "Corpus.FixedClock::get_Hour System.MissingMethodException",
        }), output);
        Assert.That(result.Assemblies.Single().Prepared, Is.GreaterThan(100), "the unbroken methods compiled");
    }

    private static MethodDefinition Method(ModuleDefinition module, string type, string name) =>
        module.GetType(type).Methods.Single(m => m.Name == name);

    // "System.Void Log[TState](...)<Object>" -> "Log<Object>": the method's name and the instantiation it was compiled for.
    private static string MethodName(string member)
    {
        var signature = member.Split("::")[1];
        var name = signature.Split(' ')[1];
        name = name[..name.IndexOfAny(new[] { '(', '[' })];
        return signature.EndsWith('>') ? name + signature[signature.LastIndexOf('<')..] : name;
    }
}
