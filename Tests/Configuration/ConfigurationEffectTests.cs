using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using AuditWeaver;
using AuditWeaver.Fody.Engine;
using Mono.Cecil;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Configuration;

/// <summary>Each configuration option changes what is woven, observed by running the woven code.</summary>
public class ConfigurationEffectTests : TempFixture
{
    [Test]
    public void CategoriesSelectWhatIsWoven()
    {
        var (_, result) = Woven.Weave("categories", configuration: "<AuditWeaver Categories='process' />");
        Assert.That(result.Sites.Select(s => s.Category).Distinct(), Is.EqualTo(new[] { "process" }));

        var (_, excluded) = Woven.Weave("exclude-categories", configuration: "<AuditWeaver ExcludeCategories='file network' />");
        Assert.That(excluded.Sites.Select(s => s.Category), Has.Some.EqualTo("process"));
        Assert.That(excluded.Sites.Any(s => s.Category is "file" or "network"), Is.False);
    }

    [Test]
    public void EventPatternsSelectWhatIsWoven()
    {
        var (test, result) = Woven.Weave("events", configuration: "<AuditWeaver Events='file.*' ExcludeEvents='file.stat' />");
        Assert.That(result.Sites.Select(s => s.EventName).Distinct(), Has.No.Member("file.stat").And.All.StartWith("file."));

        var path = Temp.Write("e.txt", "e");
        using var recorder = AuditRecorder.Start();
        dynamic files = Scenarios.Create(test.Assembly, "FileScenarios");
        files.Exists(path);
        files.ReadAllText(path);
        Assert.That(recorder.Events.Select(e => e.Name), Is.EqualTo(new[] { "file.open" }));
    }

    [Test]
    public void NamespaceAndTypePatternsSelectWhichCodeIsWoven()
    {
        var (_, included) = Woven.Weave("namespaces", configuration: "<AuditWeaver IncludeNamespaces='AssemblyToProcess.Configured' />");
        Assert.That(included.Sites.Select(s => s.Caller), Is.Not.Empty.And.All.StartWith("AssemblyToProcess.Configured."));

        var (_, excluded) = Woven.Weave("exclude-types", configuration: "<AuditWeaver ExcludeTypes='AssemblyToProcess.FileScenarios AssemblyToProcess.Shape*' ExcludeNamespaces='AssemblyToProcess.Configured' />");
        Assert.That(excluded.Sites.Select(s => s.Caller).Where(c => c.StartsWith("AssemblyToProcess.FileScenarios.", StringComparison.Ordinal) || c.StartsWith("AssemblyToProcess.ShapeScenarios.", StringComparison.Ordinal) || c.StartsWith("AssemblyToProcess.Configured.", StringComparison.Ordinal)), Is.Empty);
        Assert.That(excluded.Sites.Select(s => s.Caller), Has.Some.StartWith("AssemblyToProcess.NetworkScenarios."));
    }

    [Test]
    public void IncludeTypesWeavesOnlyThoseTypesAndTheirNestedTypes()
    {
        var (_, result) = Woven.Weave("include-types", configuration: "<AuditWeaver IncludeTypes='AssemblyToProcess.ShapeScenarios' />");
        Assert.That(result.Sites.Select(s => s.Method), Is.Not.Empty.And.All.Contains("AssemblyToProcess.ShapeScenarios"), "lambdas and state machines nested in the type are included with it");
        Assert.That(result.Sites.Select(s => s.Method), Has.Some.Contains("ShapeScenarios/<Async>d__"));
    }

    [Test]
    public void DiagnosticSeveritiesApplyToTheEnginesReports()
    {
        var (_, quiet) = Woven.Weave("quiet-diagnostics", configuration: "<AuditWeaver><Diagnostic id='AW0004' severity='none' /><Diagnostic id='AW0001' severity='warning' /></AuditWeaver>");
        Assert.That(quiet.Diagnostics.Select(d => d.Id), Has.No.Member("AW0004"));
        Assert.That(quiet.Diagnostics.Where(d => d.Id == "AW0001").Select(d => d.Severity), Is.Not.Empty.And.All.EqualTo(DiagnosticSeverity.Warning));
        Assert.That(Woven.Result.Diagnostics.Select(d => d.Id), Has.Member("AW0004"), "by default P/Invoke declarations are listed");
    }

    [Test]
    public void DoNotAuditLeavesMethodsTypesAndTheirLambdasAlone()
    {
        var path = Temp.Write("q.txt", "q");
        using var recorder = AuditRecorder.Start();
        dynamic configured = Woven.Create("Configured.ConfiguredScenarios");
        Assert.That((bool)configured.ProbeQuietly(path), Is.True);
        Assert.That((bool)configured.ProbeQuietlyInALambda(path), Is.True);
        dynamic quiet = Woven.Create("Configured.QuietScenarios");
        Assert.That((bool)quiet.Probe(path), Is.True);
        Assert.That((bool)quiet.ProbeInLocalFunction(path), Is.True);
        dynamic nested = Woven.Create("Configured.QuietScenarios+Nested");
        Assert.That((bool)nested.Probe(path), Is.True);
        Assert.That(recorder.Events, Is.Empty);

        Assert.That((bool)configured.Probe(path), Is.True);
        Assert.That(recorder.Single("file.stat").Caller, Is.EqualTo("AssemblyToProcess.Configured.ConfiguredScenarios.Probe"));
    }

    [Test]
    public void AuditedApiMakesAUsersMethodAnEvent()
    {
        dynamic configured = Woven.Create("Configured.ConfiguredScenarios");
        var e = Expect.Raises("acme.mail.send", new object?[] { "bob", "hi" }, () => configured.Mail("bob", "hi"));
        Assert.That(e.ArgumentNames, Is.EqualTo(new[] { "to", "body" }));
        Assert.That(e.Category, Is.EqualTo("acme"));
        Assert.That(e.Api, Is.EqualTo("M:AssemblyToProcess.Configured.Mailer.Send(System.String,System.String)"));
    }

    [Test]
    public void CustomApisByIdAndByPattern()
    {
        var (test, result) = Woven.Weave("custom-apis", configuration:
            "<AuditWeaver>" +
            "<Api id='M:AssemblyToProcess.Configured.Database.Execute(System.String)' event='acme.db.execute' category='acme' arguments='sql=$0, length=str($0.Length)' />" +
            "<Api pattern='M:AssemblyToProcess.Configured.Database.Execute(System.String,*' event='acme.db.slow' category='acme' />" +
            "</AuditWeaver>");
        Assert.That(result.Sites.Where(s => s.Category == "acme").Select(s => s.EventName), Is.EquivalentTo(new[] { "acme.db.execute", "acme.db.slow", "acme.mail.send" }));

        dynamic configured = Scenarios.Create(test.Assembly, "Configured.ConfiguredScenarios");
        using var recorder = AuditRecorder.Start();
        Assert.That((int)configured.Query("select 1"), Is.EqualTo(8));
        Assert.That((int)configured.QueryWithTimeout("select 1", 30), Is.EqualTo(38));
        var execute = recorder.Single("acme.db.execute");
        Assert.That(execute.ArgumentNames, Is.EqualTo(new[] { "sql", "length" }));
        Assert.That(execute.Arguments, Is.EqualTo(new object?[] { "select 1", "8" }));
        var slow = recorder.Single("acme.db.slow");
        Assert.That(slow.ArgumentNames, Is.EqualTo(new[] { "sql", "timeout" }), "without arguments=, every parameter under its own name");
        Assert.That(slow.Arguments, Is.EqualTo(new object?[] { "select 1", 30 }));
    }

    [Test]
    public void CustomApisCanRaiseBuiltInEvents()
    {
        var (test, _) = Woven.Weave("custom-builtin", configuration:
            "<AuditWeaver><Api id='M:AssemblyToProcess.Configured.Database.Execute(System.String)' event='file.open' category='file' arguments='path=$0, mode=\"Open\", access=\"Read\"' /></AuditWeaver>");
        dynamic configured = Scenarios.Create(test.Assembly, "Configured.ConfiguredScenarios");
        using var recorder = AuditRecorder.Start();
        configured.Query("/etc/passwd");
        Assert.That(recorder.Single("file.open").Arguments, Is.EqualTo(new object?[] { "/etc/passwd", "Open", "Read" }));
    }

    [Test]
    public void ADenyRuleRefusesEvenWithoutHooksButRaisesTheEventFirst()
    {
        var (test, result) = Woven.Weave("deny", configuration: "<AuditWeaver><Deny event='process.start' /></AuditWeaver>");
        Assert.That(result.Sites.Where(s => s.EventName == "process.start").Select(s => s.Denied), Is.Not.Empty.And.All.True);
        Assert.That(result.Sites.Where(s => s.EventName is not "process.start" and not "type-mutation.unsafeaccessor").Select(s => s.Denied), Is.All.False, "only the rule's event, and the engine's own refusal of UnsafeAccessors into AuditWeaver");

        var marker = Temp.File("never");
        dynamic processes = Scenarios.Create(test.Assembly, "ProcessScenarios");
        using var recorder = AuditRecorder.Start();
        var exception = Assert.Throws<AuditDeniedException>(() => processes.RunWithArgumentList("touch", new[] { marker }));
        Assert.That(exception!.Message, Does.StartWith("Audit event 'process.start' was denied: a <Deny> rule in FodyWeavers.xml forbids it at AssemblyToProcess.ProcessScenarios.RunWithArgumentList"));
        Assert.That(recorder.Single("process.start").Arguments[0], Is.EqualTo("touch"), "hooks see the event before the rule refuses it");
        Assert.That(File.Exists(marker), Is.False);
    }

    [Test]
    public void ADenyRuleWorksInAProcessWithNoHook()
    {
        // The deny variant is woven to disk; a child process with no hook at all runs it.
        var (test, _) = Woven.Weave("deny-child", configuration: "<AuditWeaver><Deny event='file.delete' /></AuditWeaver>");
        var path = Temp.Write("keep.txt", "keep");
        var run = Child.Run("deny-rule", test.AssemblyPath, path);
        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Output, Does.Contain("enabled=False"));
        Assert.That(run.Output, Does.Contain("AuditDeniedException: Audit event 'file.delete' was denied"));
        Assert.That(File.Exists(path), Is.True);
    }

    [Test]
    public void ReportModeChangesNothingAndListsTheSites()
    {
        var (test, result) = Woven.Weave("report", configuration: "<AuditWeaver Mode='Report' />");
        Assert.That(result.Mode, Is.EqualTo(WeaveMode.Report));
        Assert.That(result.Sites, Has.Count.EqualTo(Woven.Result.Sites.Count));

        using var module = ModuleDefinition.ReadModule(test.AssemblyPath);
        Assert.That(module.Types.Any(t => t.Name == "<AuditWeaver>Sites"), Is.False);
        Assert.That(module.GetTypes().SelectMany(t => t.Methods).Where(m => m.HasBody).SelectMany(m => m.Body.Instructions)
            .Any(i => i.Operand is MethodReference { DeclaringType.Namespace: "AuditWeaver" or "AuditWeaver.Weaving" } callee && callee.Name != ".ctor"), Is.False);

        using var recorder = AuditRecorder.Start();
        dynamic files = Scenarios.Create(test.Assembly, "FileScenarios");
        files.Exists(Temp.Path);
        Assert.That(recorder.Events, Is.Empty);
    }

    [Test]
    public void TheWeaveReportListsEverySite()
    {
        // Fody weaves the intermediate assembly in place; the test helper reads the module from its input path, so
        // that is where the report lands.
        var path = ReportPath();
        File.Delete(path);
        var (_, result) = Woven.Weave("reported", configuration: "<AuditWeaver><Deny event='process.kill' /></AuditWeaver>");
        Assert.That(File.Exists(path), Is.True);
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var root = json.RootElement;
        Assert.That(root.GetProperty("assembly").GetString(), Is.EqualTo("AssemblyToProcess"));
        var sites = root.GetProperty("sites").EnumerateArray().ToList();
        Assert.That(sites, Has.Count.EqualTo(result.Sites.Count));
        var read = sites.First(s => s.GetProperty("api").GetString() == "M:System.IO.File.ReadAllText(System.String)" && s.GetProperty("caller").GetString() == "AssemblyToProcess.FileScenarios.ReadAllText");
        Assert.Multiple(() =>
        {
            Assert.That(read.GetProperty("category").GetString(), Is.EqualTo("file"));
            Assert.That(read.GetProperty("event").GetString(), Is.EqualTo("file.open"));
            Assert.That(read.GetProperty("method").GetString(), Is.EqualTo("System.String AssemblyToProcess.FileScenarios::ReadAllText(System.String)"));
            Assert.That(read.GetProperty("ilOffset").GetInt32(), Is.EqualTo(1));
            Assert.That(read.GetProperty("file").GetString(), Does.EndWith("FileScenarios.cs"));
            Assert.That(read.GetProperty("line").GetInt32(), Is.GreaterThan(0));
            Assert.That(read.GetProperty("denied").GetBoolean(), Is.False);
        });
        Assert.That(sites.Where(s => s.GetProperty("event").GetString() == "process.kill").Select(s => s.GetProperty("denied").GetBoolean()), Is.All.True);
        Assert.That(root.GetProperty("summary").GetProperty("file").GetInt32(), Is.EqualTo(result.Sites.Count(s => s.Category == "file")));
        var diagnostics = root.GetProperty("diagnostics").EnumerateArray().ToList();
        Assert.That(diagnostics, Has.Count.EqualTo(result.Diagnostics.Count).And.Count.GreaterThan(0));
        var dynamicCall = diagnostics.Single(d => d.GetProperty("id").GetString() == "AW0001");
        Assert.That(dynamicCall.GetProperty("severity").GetString(), Is.EqualTo("info"));
        Assert.That(dynamicCall.GetProperty("method").GetString(), Is.EqualTo("AssemblyToProcess.BypassScenarios.EscapingBinder"));
        Assert.That(dynamicCall.GetProperty("line").GetInt32(), Is.GreaterThan(0));
    }

    [Test]
    public void NoReportWhenAskedNotTo()
    {
        File.Delete(ReportPath());
        Woven.Weave("unreported", configuration: "<AuditWeaver Report='false' />");
        Assert.That(File.Exists(ReportPath()), Is.False);
    }

    private static string ReportPath() => Path.Combine(Path.GetDirectoryName(Paths.AssemblyToProcess)!, "AssemblyToProcess.auditweaver.json");

    [Test]
    public void ConfigurationErrorsStopTheBuildWithEveryMessageAndNothingIsWritten()
    {
        // Fody writes the module after its weavers return unless one throws: a configuration error must throw.
        var (exception, errors, weaver, module) = Execute("<AuditWeaver Mode='x' Categories='disk' />");
        using (module)
        {
            Assert.That(exception.Message, Is.EqualTo("AuditWeaver: nothing was woven because FodyWeavers.xml has errors (listed above)."));
            Assert.That(errors, Is.EquivalentTo(new[]
            {
                "FodyWeavers.xml: AW1002: AuditWeaver attribute Mode=\"x\" is not valid. Valid values: Audit, Report.",
                "FodyWeavers.xml: AW1004: AuditWeaver attribute Categories=\"disk\": 'disk' is not a category. Valid categories: " + ValidValues.Categories + ".",
            }));
            Assert.That(weaver.Result, Is.Null, "nothing is woven when the configuration has errors");
            Assert.That(module.Types.Any(t => t.Name == "<AuditWeaver>Sites"), Is.False);
        }
    }

    [Test]
    public void AnAllowListFailsTheBuildOnEveryCallSiteOutsideIt()
    {
        // Thrown, not only logged: Fody then leaves the compiled assembly unmarked, so the next build says the same.
        var (exception, errors, _, module) = Execute("<AuditWeaver><Allow assembly='AssemblyTo*' categories='file network' events='acme.*' /></AuditWeaver>");
        module.Dispose();
        Assert.That(exception.Message, Is.EqualTo("AuditWeaver: nothing was woven because of the errors above."));
        Assert.That(errors, Has.Some.StartsWith("AssemblyToProcess: process.start is not in its <Allow> list (file, network, acme.*): AssemblyToProcess.ProcessScenarios."));
        Assert.That(errors, Has.All.StartsWith("AssemblyToProcess: "), "every error is a violation");

        var (_, allowed) = Woven.Weave("allow-wide", configuration: "<AuditWeaver><Allow assembly='AssemblyToProcess' categories='file network process environment reflection reflection-emit type-mutation assembly-load native' events='acme.*' /><Allow assembly='Other' /></AuditWeaver>");
        Assert.That(allowed.Sites, Is.Not.Empty);
    }

    // Runs the Fody front over AssemblyToProcess in memory, for a configuration that must fail: what it threw and logged.
    private static (Fody.WeavingException Exception, System.Collections.Generic.List<string> Errors, AuditWeaver.Fody.ModuleWeaver Weaver, ModuleDefinition Module) Execute(string configuration)
    {
        var errors = new System.Collections.Generic.List<string>();
        var module = ModuleDefinition.ReadModule(Paths.AssemblyToProcess);
        var weaver = new AuditWeaver.Fody.ModuleWeaver
        {
            Config = System.Xml.Linq.XElement.Parse(configuration),
            ModuleDefinition = module,
            LogError = errors.Add,
            LogErrorPoint = (message, _) => errors.Add(message),
            LogWarning = _ => { },
            LogWarningPoint = (_, _) => { },
            LogInfo = _ => { },
        };

        var exception = Assert.Throws<Fody.WeavingException>(() => weaver.Execute());
        return (exception!, errors, weaver, module);
    }
}
