using System.Linq;
using System.Threading.Tasks;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Weaving;

/// <summary>
/// An event's caller names the method the user wrote, however deep the compiler nested the code that made the call (the
/// weave report and the scan use the same names).
/// </summary>
public class CallerNameTests : TempFixture
{
    private const string Scenarios = "AssemblyToProcess.CallerScenarios.";

    private readonly dynamic _callers = Woven.Create("CallerScenarios");

    [Test]
    public async Task AsyncLambdasAndAsyncLocalFunctions()
    {
        var path = Temp.Write("a.txt", "a");
        using var recorder = AuditRecorder.Start();
        Assert.That(await (Task<string>)_callers.AsyncLambda(path), Is.EqualTo("a"));
        Assert.That(await (Task<string>)_callers.AsyncLocalFunction(path), Is.EqualTo("a"));
        Assert.That(recorder.Named("file.open").Select(e => e.Caller), Is.EqualTo(new[] { Scenarios + "AsyncLambda.<lambda>", Scenarios + "AsyncLocalFunction.Read" }));
    }

    [Test]
    public void LambdasAndLocalFunctionsInsideEachOther()
    {
        var path = Temp.Write("a.txt", "a");
        using var recorder = AuditRecorder.Start();
        _callers.LambdaInLocalFunction(path);
        _callers.LocalFunctionInLambda(path);
        _callers.IteratorLocalFunction(path);
        Assert.That(recorder.Named("file.open").Select(e => e.Caller), Is.EqualTo(new[]
        {
            Scenarios + "LambdaInLocalFunction.<lambda>", Scenarios + "LocalFunctionInLambda.Read", Scenarios + "IteratorLocalFunction.Lines",
        }));
    }

    [Test]
    public void CodeInTopLevelStatementsIsNamedAfterMain()
    {
        // A library has no top-level statements, so the module is given the compiler's names for them before weaving.
        var (test, _) = Woven.Weave("callers-top-level", before: module =>
        {
            var scenarios = module.GetType("AssemblyToProcess.CallerScenarios");
            foreach (var method in scenarios.NestedTypes.SelectMany(t => t.Methods).Concat(scenarios.Methods).Where(m => m.Name.StartsWith("<TopLevelShapes>", System.StringComparison.Ordinal)))
            {
                method.Name = "<<Main>$>" + method.Name.Substring("<TopLevelShapes>".Length);
            }
        });

        var path = Temp.Write("a.txt", "a");
        using var recorder = AuditRecorder.Start();
        dynamic renamed = Infrastructure.Scenarios.Create(test.Assembly, "CallerScenarios");
        Assert.That((string)renamed.TopLevelShapes(path), Is.EqualTo("aTrue"));
        Assert.That(recorder.Events.Select(e => e.Name + " " + e.Caller), Is.EqualTo(new[]
        {
            "file.open " + Scenarios + "Main.<lambda>", "file.stat " + Scenarios + "Main.Exists",
        }));
    }
}
