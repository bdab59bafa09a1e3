using System.IO;
using System.Linq;
using System.Xml.Linq;
using AuditWeaver.Fody.Configuration;
using AuditWeaver.Fody.Engine;
using Mono.Cecil;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Configuration;

/// <summary>
/// The step every front takes to weave one assembly (<see cref="AssemblyWeaving"/>): what fails it, in which order the
/// messages come, and when there is a report. The fronts' own tests show that they report these and write nothing when
/// it failed.
/// </summary>
public class AssemblyWeavingTests
{
    [Test]
    public void ConfigurationErrorsFailBeforeTheEngineRuns()
    {
        using var module = Read();
        var outcome = Weave(module, "<AuditWeaver Mode='x' ExcludeEvents='file.nothing*' />");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.Failed && outcome.HasConfigurationErrors, Is.True);
            Assert.That(outcome.Result, Is.Null, "the engine did not run");
            Assert.That(outcome.Messages.Select(m => (m.Kind, m.Severity, m.Text)), Is.EqualTo(new[]
            {
                (WeaveMessageKind.Configuration, DiagnosticSeverity.Error, "FodyWeavers.xml: AW1002: AuditWeaver attribute Mode=\"x\" is not valid. Valid values: Audit, Report."),
                (WeaveMessageKind.Configuration, DiagnosticSeverity.Warning, "FodyWeavers.xml: AW1007: the pattern 'file.nothing*' matches no event."),
            }));
            Assert.That(outcome.Report, Is.Null);
            Assert.That(module.Types.Any(t => t.Name == "<AuditWeaver>Sites"), Is.False);
        });
    }

    [Test]
    public void DiagnosticsConfiguredAsErrorsFailAtTheirSourceLine()
    {
        using var module = Read();
        var outcome = Weave(module, "<AuditWeaver><Diagnostic id='AW0001' severity='error' /></AuditWeaver>");

        var dynamicCall = outcome.Errors.Single();
        Assert.Multiple(() =>
        {
            Assert.That(dynamicCall.Kind, Is.EqualTo(WeaveMessageKind.Diagnostic));
            Assert.That(dynamicCall.Text, Does.StartWith("AW0001: A dynamic binder (").And.EndWith(" (configured as an error)"));
            Assert.That(dynamicCall.Location?.Document.Url, Does.EndWith("BypassScenarios.cs"));
            Assert.That(dynamicCall.ToString(), Does.StartWith(dynamicCall.Location!.Document.Url + "(" + dynamicCall.Location.StartLine + "): AW0001: "));
            Assert.That(outcome.Messages.Where(m => m.Kind == WeaveMessageKind.Diagnostic && !m.IsError).Select(m => m.Text), Has.Some.StartWith("AW0004: "), "the other diagnostics stay information");
            Assert.That(outcome.Report, Is.Null, "no report for a weave that failed");
        });
    }

    [Test]
    public void EveryCallSiteOutsideTheAllowListsIsAnErrorAndTheWiderListPasses()
    {
        using var module = Read();
        var outcome = Weave(module, "<AuditWeaver Mode='Report'><Allow assembly='AssemblyTo*' categories='file network' /></AuditWeaver>");

        var violations = outcome.AllowListViolations;
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Errors, Is.EqualTo(violations), "nothing else failed");
            Assert.That(violations.Select(v => v.Site!.Category).Distinct(), Is.Not.Empty.And.No.Member("file").And.No.Member("network"));
            Assert.That(violations.Select(v => v.Site), Is.EquivalentTo(outcome.Result!.Sites.Where(s => s.Category is not ("file" or "network"))));
            Assert.That(violations.Select(v => v.Text), Has.Some.StartWith("AssemblyToProcess: process.start is not in its <Allow> list (file, network): AssemblyToProcess.ProcessScenarios."));
            Assert.That(outcome.Report, Is.Null);
        });

        using var again = Read();
        var allowed = Weave(again, "<AuditWeaver Mode='Report'><Allow assembly='Other' categories='file' /></AuditWeaver>");
        Assert.That(allowed.Failed, Is.False, "an allow list naming another assembly does not restrict this one");
        Assert.That(allowed.Report, Does.StartWith("{").And.Contain("\"assembly\": \"AssemblyToProcess\""));
    }

    [Test]
    public void TheEnginesErrorsFailTheAssemblyAtTheirSourceLine()
    {
        using var module = Read();
        var outcome = Weave(module, "<AuditWeaver><Api id='M:AssemblyToProcess.Configured.Database.Execute(System.String)' event='acme.db.execute' category='acme' arguments='sql=$3' /></AuditWeaver>");

        var error = outcome.Errors.Single();
        Assert.Multiple(() =>
        {
            Assert.That(error.Kind, Is.EqualTo(WeaveMessageKind.Engine));
            Assert.That(error.Text, Does.StartWith("The rule for M:AssemblyToProcess.Configured.Database.Execute(System.String) (<Api M:AssemblyToProcess.Configured.Database.Execute(System.String)> in the configuration) uses $3, but the member has 1 parameters"));
            Assert.That(error.Location, Is.Not.Null);
            Assert.That(outcome.Result!.Sites, Is.Empty, "a failed run records no site");
        });
    }

    [Test]
    public void ACleanWeaveHasItsReportUnlessTheConfigurationSaysNo()
    {
        using var module = Read();
        var outcome = Weave(module, null);
        Assert.That(outcome.Failed, Is.False);
        Assert.That(outcome.Messages.Where(m => m.Severity != DiagnosticSeverity.Info), Is.Empty);
        Assert.That(outcome.Report, Does.Contain("\"mode\": \"Audit\"").And.Contain("\"event\": \"file.delete\""));

        using var unreported = Read();
        Assert.That(Weave(unreported, "<AuditWeaver Report='false' />").Report, Is.Null);
    }

    private static WeaveOutcome Weave(ModuleDefinition module, string? configuration) =>
        AssemblyWeaving.Weave(module, WeaverConfiguration.Read(configuration == null ? null : XElement.Parse(configuration, LoadOptions.None)));

    private static ModuleDefinition Read() =>
        ModuleDefinition.ReadModule(Paths.AssemblyToProcess, new ReaderParameters { ReadSymbols = File.Exists(Path.ChangeExtension(Paths.AssemblyToProcess, ".pdb")), InMemory = true });
}
