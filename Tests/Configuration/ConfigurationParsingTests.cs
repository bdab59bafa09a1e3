using System.Linq;
using System.Xml.Linq;
using AuditWeaver.Fody.Configuration;
using AuditWeaver.Fody.Engine;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Configuration;

/// <summary>FodyWeavers.xml is read strictly: every mistake names the attribute and value and lists what is valid.</summary>
public class ConfigurationParsingTests
{
    [Test]
    public void AnEmptyElementMeansTheDefaults()
    {
        var result = Read("<AuditWeaver />");
        Assert.That(result.Problems, Is.Empty);
        Assert.That(result.Options.Mode, Is.EqualTo(WeaveMode.Audit));
        Assert.That(result.Options.Categories, Is.Null);
        Assert.That(result.Options.WriteReport, Is.True);
    }

    [Test]
    public void NoElementAtAllMeansTheDefaults()
    {
        var result = WeaverConfiguration.Read(null);
        Assert.That(result.Problems, Is.Empty);
        Assert.That(result.Options.Mode, Is.EqualTo(WeaveMode.Audit));
    }

    [Test]
    public void EveryAttributeIsRead()
    {
        var result = Read(
            "<AuditWeaver Mode='report' Report='false' Categories='file network' ExcludeCategories='process' Events='file.* network.connect' " +
            "ExcludeEvents='file.stat' IncludeNamespaces='Acme.*' ExcludeNamespaces='Acme.Tests.*' IncludeTypes='Acme.Io.*' ExcludeTypes='Acme.Io.Cache' />");
        var options = result.Options;
        Assert.That(result.Problems, Is.Empty);
        Assert.Multiple(() =>
        {
            Assert.That(options.Mode, Is.EqualTo(WeaveMode.Report), "enum values are case-insensitive");
            Assert.That(options.WriteReport, Is.False);
            Assert.That(options.Categories, Is.EquivalentTo(new[] { "file", "network" }));
            Assert.That(options.ExcludedCategories, Is.EquivalentTo(new[] { "process" }));
            Assert.That(options.Events, Is.EqualTo(new[] { "file.*", "network.connect" }));
            Assert.That(options.ExcludedEvents, Is.EqualTo(new[] { "file.stat" }));
            Assert.That(options.IncludeNamespaces, Is.EqualTo(new[] { "Acme.*" }));
            Assert.That(options.ExcludeNamespaces, Is.EqualTo(new[] { "Acme.Tests.*" }));
            Assert.That(options.IncludeTypes, Is.EqualTo(new[] { "Acme.Io.*" }));
            Assert.That(options.ExcludeTypes, Is.EqualTo(new[] { "Acme.Io.Cache" }));
        });
    }

    [Test]
    public void FrameworkIsOffUnlessTurnedOn()
    {
        Assert.That(Read("<AuditWeaver />").Framework, Is.False);
        Assert.That(Read("<AuditWeaver Framework='false' />").Framework, Is.False);
        Assert.That(Read("<AuditWeaver Framework='true' />").Framework, Is.True);
        Assert.That(Read("<AuditWeaver Framework='True' />").Problems, Is.Empty, "as bool.TryParse reads it, like Report");
    }

    [Test]
    public void ElementsAreRead()
    {
        var result = Read(
            "<AuditWeaver>" +
            "<Api id='M:Acme.Db.Execute(System.String)' event='acme.db.execute' category='acme' arguments='sql=$0' />" +
            "<Api pattern='M:Acme.Mail.*' event='acme.mail' category='acme' />" +
            "<Deny event='process.start' />" +
            "<Diagnostic id='AW1007' severity='Error' />" +
            "</AuditWeaver>");
        Assert.That(result.Problems, Is.Empty);
        Assert.That(result.Options.CustomApis.Select(a => a.MemberPattern + " " + a.EventName), Is.EqualTo(new[] { "M:Acme.Db.Execute(System.String) acme.db.execute", "M:Acme.Mail.* acme.mail" }));
        Assert.That(result.Options.CustomApis[0].Arguments!.Single().Name, Is.EqualTo("sql"));
        Assert.That(result.Options.CustomApis[1].Arguments, Is.Null);
        Assert.That(result.Options.DenyEvents, Is.EqualTo(new[] { "process.start" }));
        Assert.That(result.Options.Severities["AW1007"], Is.EqualTo(DiagnosticSeverity.Error));
    }

    [TestCase("<AuditWeaver Modes='Audit' />", "FodyWeavers.xml(1,14): AW1001: AuditWeaver attribute Modes=\"Audit\" is not an AuditWeaver attribute. Valid attributes: Mode, Categories, ExcludeCategories, Events, ExcludeEvents, IncludeNamespaces, ExcludeNamespaces, IncludeTypes, ExcludeTypes, Report, Dependencies, Framework.")]
    [TestCase("<AuditWeaver Mode='Fast' />", "FodyWeavers.xml(1,14): AW1002: AuditWeaver attribute Mode=\"Fast\" is not valid. Valid values: Audit, Report.")]
    [TestCase("<AuditWeaver Mode='1' />", "FodyWeavers.xml(1,14): AW1002: AuditWeaver attribute Mode=\"1\" is not valid. Valid values: Audit, Report.")]
    [TestCase("<AuditWeaver Report='yes' />", "FodyWeavers.xml(1,14): AW1002: AuditWeaver attribute Report=\"yes\" is not valid. Valid values: true, false.")]
    [TestCase("<AuditWeaver Framework='all' />", "FodyWeavers.xml(1,14): AW1002: AuditWeaver attribute Framework=\"all\" is not valid. Valid values: true, false.")]
    [TestCase("<AuditWeaver Categories='file disk' />", "FodyWeavers.xml(1,14): AW1004: AuditWeaver attribute Categories=\"file disk\": 'disk' is not a category. Valid categories: {categories}.")]
    [TestCase("<AuditWeaver Events='File.Open' />", "FodyWeavers.xml(1,14): AW1006: AuditWeaver attribute Events=\"File.Open\": 'File.Open' is not an event pattern: lower-case names and dots with * as a wildcard, for example network.* or file.open.")]
    [TestCase("<AuditWeaver ExcludeNamespaces='Acme Tests!' />", "FodyWeavers.xml(1,14): AW1006: AuditWeaver attribute ExcludeNamespaces=\"Acme Tests!\": 'Tests!' is not a name pattern: a dotted .NET name with * as a wildcard, for example Acme.Internal.*.")]
    [TestCase("<AuditWeaver><Apis /></AuditWeaver>", "FodyWeavers.xml(1,15): AW1003: <Apis> is not an AuditWeaver element. Valid elements: <Api>, <Deny>, <Diagnostic>, <Allow>.")]
    [TestCase("<AuditWeaver><Api event='a.b' category='a' /></AuditWeaver>", "FodyWeavers.xml(1,15): AW1009: <Api> needs exactly one of id (a documentation-comment ID, e.g. id=\"M:Acme.Db.Execute(System.String)\") or pattern (the same with *, e.g. pattern=\"M:Acme.Db.*\").")]
    [TestCase("<AuditWeaver><Api id='Acme.Db.Execute' event='a.b' category='a' /></AuditWeaver>", "FodyWeavers.xml(1,19): AW1005: Api attribute id=\"Acme.Db.Execute\" is not a method's documentation-comment ID. Expected M:Namespace.Type.Method(Parameter.Types), for example M:Acme.Db.Execute(System.String); use pattern=\"...\" for wildcards.")]
    [TestCase("<AuditWeaver><Api id='M:Acme.Db.*' event='a.b' category='a' /></AuditWeaver>", "FodyWeavers.xml(1,19): AW1005: Api attribute id=\"M:Acme.Db.*\" is not a method's documentation-comment ID. Expected M:Namespace.Type.Method(Parameter.Types), for example M:Acme.Db.Execute(System.String); use pattern=\"...\" for wildcards.")]
    [TestCase("<AuditWeaver><Api id='M:Acme.Db.Execute(System.String' event='a.b' category='a' /></AuditWeaver>", "FodyWeavers.xml(1,19): AW1005: Api attribute id=\"M:Acme.Db.Execute(System.String\" is not a method's documentation-comment ID. Expected M:Namespace.Type.Method(Parameter.Types), for example M:Acme.Db.Execute(System.String); use pattern=\"...\" for wildcards.")]
    [TestCase("<AuditWeaver><Api id='M:A.B' category='a' /></AuditWeaver>", "FodyWeavers.xml(1,15): AW1009: <Api Api attribute id=\"M:A.B\"> needs event=\"category.action\" and category=\"category\".")]
    [TestCase("<AuditWeaver><Api id='M:A.B' event='acme.db' category='db' /></AuditWeaver>", "FodyWeavers.xml(1,30): AW1008: Api attribute event=\"acme.db\" does not start with its category 'db.'; an event's name starts with its category and a dot.")]
    [TestCase("<AuditWeaver><Api id='M:A.B' event='acme' category='acme' /></AuditWeaver>", "FodyWeavers.xml(1,30): AW1002: Api attribute event=\"acme\" is not an event name: lower-case 'category.action', for example acme.db.execute.")]
    [TestCase("<AuditWeaver><Api id='M:A.B' event='acme.x' category='Acme' /></AuditWeaver>", "FodyWeavers.xml(1,45): AW1002: Api attribute category=\"Acme\" is not a category name: lower-case letters, digits, '-' and '_'.")]
    [TestCase("<AuditWeaver><Api id='M:A.B' event='acme.x' category='acme' arguments='sql=' /></AuditWeaver>", "FodyWeavers.xml(1,61): AW1002: Api attribute arguments=\"sql=\" is not a list of name=expression (for example sql=$0, host=host($1)): expected an argument expression at column 5.")]
    [TestCase("<AuditWeaver><Api id='M:A.B' event='file.open' category='file' arguments='p=$0' /></AuditWeaver>", "FodyWeavers.xml(1,64): AW1002: Api attribute arguments=\"p=$0\": the built-in event 'file.open' takes 3 arguments (path, mode, access); 1 given.")]
    [TestCase("<AuditWeaver><Api id='M:A.B' event='a.b' category='a' kind='x' /></AuditWeaver>", "FodyWeavers.xml(1,55): AW1001: Api attribute kind=\"x\" is not an attribute of <Api>. Valid attributes: id, pattern, event, category, arguments.")]
    [TestCase("<AuditWeaver><Deny /></AuditWeaver>", "FodyWeavers.xml(1,15): AW1009: <Deny> needs event=\"...\": an event name or pattern, for example <Deny event=\"process.start\" />.")]
    [TestCase("<AuditWeaver><Diagnostic id='AW9999' severity='none' /></AuditWeaver>", "FodyWeavers.xml(1,26): AW1002: Diagnostic attribute id=\"AW9999\" is not an AuditWeaver diagnostic id. Valid ids: {diagnostic-ids}.")]
    [TestCase("<AuditWeaver><Allow categories='file' /></AuditWeaver>", "FodyWeavers.xml(1,15): AW1009: <Allow> needs assembly=\"...\": an assembly name or pattern, for example <Allow assembly=\"Serilog*\" categories=\"file\" />.")]
    [TestCase("<AuditWeaver><Allow assembly='Serilog Sinks' /></AuditWeaver>", "FodyWeavers.xml(1,21): AW1006: Allow attribute assembly=\"Serilog Sinks\" is not an assembly name or pattern: letters, digits, '.', '-', '_' with * as a wildcard, for example Serilog.Sinks.*.")]
    [TestCase("<AuditWeaver><Allow assembly='Serilog' categories='file disk' /></AuditWeaver>", "FodyWeavers.xml(1,40): AW1004: Allow attribute categories=\"file disk\": 'disk' is not a category. Valid categories: {categories}, unsafe.")]
    [TestCase("<AuditWeaver><Allow assembly='Serilog' events='file.opne' /></AuditWeaver>", "FodyWeavers.xml(1,40): AW1002: 'file.opne' is not an event. Valid events: {events}.")]
    [TestCase("<AuditWeaver><Allow assembly='Serilog' kinds='file' /></AuditWeaver>", "FodyWeavers.xml(1,40): AW1001: Allow attribute kinds=\"file\" is not an attribute of <Allow>. Valid attributes: assembly, categories, events.")]
    [TestCase("<AuditWeaver><Diagnostic id='AW1007' severity='loud' /></AuditWeaver>", "FodyWeavers.xml(1,38): AW1002: Diagnostic attribute severity=\"loud\" is not valid. Valid values: None, Info, Warning, Error.")]
    public void MistakesAreErrorsThatSayWhatIsValid(string xml, string message)
    {
        var result = Read(xml);
        Assert.That(result.HasErrors, Is.True);
        Assert.That(result.Problems.Select(p => p.Message).ToList(), Has.Count.EqualTo(1), string.Join("\n", result.Problems.Select(p => p.Message)));

        // Lists of every category, diagnostic or event grow with the product: the message names them from its tables.
        Assert.That(result.Problems[0].Message, Is.EqualTo(ValidValues.In(message)));
    }

    [Test]
    public void TheListsInExpectedMessagesAreTheProductsTables()
    {
        Assert.That(ValidValues.Categories, Does.StartWith("file, process, network, "));
        Assert.That(ValidValues.DiagnosticIds, Does.StartWith("AW0001, AW0002, ").And.Contain("AW1009"));
        Assert.That(ValidValues.Events, Does.StartWith("audit.addhook, audit.degraded, file.open, "));
    }

    [Test]
    public void AnUnknownEventNameListsEveryEvent()
    {
        var result = Read("<AuditWeaver><Deny event='process.spawn' /></AuditWeaver>");
        Assert.That(result.Problems.Select(p => p.Message), Is.EqualTo(new[] { "FodyWeavers.xml(1,15): AW1002: 'process.spawn' is not an event. Valid events: " + ValidValues.Events + "." }));
    }

    [Test]
    public void APatternThatMatchesNothingIsAWarning()
    {
        var result = Read("<AuditWeaver ExcludeEvents='file.*  nothing.*' />");
        Assert.That(result.HasErrors, Is.False);
        var warning = result.Problems.Single();
        Assert.That(warning.Severity, Is.EqualTo(DiagnosticSeverity.Warning));
        Assert.That(warning.Message, Is.EqualTo("FodyWeavers.xml(1,14): AW1007: the pattern 'nothing.*' matches no event."));
    }

    [Test]
    public void EveryMistakeIsReportedInOnePass()
    {
        var result = Read("<AuditWeaver Mode='x' Colour='red' Categories='disk'><Deny /><Other /></AuditWeaver>");
        Assert.That(result.Problems.Select(p => p.Id).OrderBy(i => i), Is.EqualTo(new[] { "AW1001", "AW1002", "AW1003", "AW1004", "AW1009" }));
    }

    [Test]
    public void SeverityIsConfigurablePerId()
    {
        var quiet = Read("<AuditWeaver FutureOption='on'><Diagnostic id='AW1001' severity='none' /></AuditWeaver>");
        Assert.That(quiet.Problems, Is.Empty, "an unknown attribute can be tolerated on purpose, e.g. for a newer configuration");

        var strict = Read("<AuditWeaver Events='nothing.*'><Diagnostic id='AW1007' severity='error' /></AuditWeaver>");
        Assert.That(strict.HasErrors, Is.True);
    }

    [Test]
    public void CustomCategoriesAreValidCategories()
    {
        var result = Read("<AuditWeaver Categories='acme file'><Api id='M:A.B' event='acme.b' category='acme' /></AuditWeaver>");
        Assert.That(result.Problems, Is.Empty);
        Assert.That(result.Options.Categories, Is.EquivalentTo(new[] { "acme", "file" }));
    }

    [Test]
    public void AllowListsAreRead()
    {
        var result = Read("<AuditWeaver><Api id='M:A.B' event='acme.b' category='acme' /><Allow assembly='Serilog.Sinks.*' categories='file acme' events='network.resolve' /><Allow assembly='Quiet' /></AuditWeaver>");
        Assert.That(result.Problems, Is.Empty);
        Assert.That(result.AllowLists.Select(a => a.AssemblyPattern), Is.EqualTo(new[] { "Serilog.Sinks.*", "Quiet" }));
        Assert.That(result.AllowLists[0].Categories, Is.EquivalentTo(new[] { "file", "acme" }), "categories of <Api> entries are valid here too");
        Assert.That(result.AllowLists[0].Events, Is.EqualTo(new[] { "network.resolve" }));
        Assert.That(result.AllowLists[1].Categories, Is.Empty, "an allow list with nothing in it allows nothing");
    }

    [Test]
    public void ListsAcceptSpacesCommasAndBars()
    {
        var result = Read("<AuditWeaver Categories='file,network|process  environment' />");
        Assert.That(result.Options.Categories, Is.EquivalentTo(new[] { "file", "network", "process", "environment" }));
    }

    private static ConfigurationResult Read(string xml) =>
        WeaverConfiguration.Read(XElement.Parse(xml, LoadOptions.SetLineInfo));
}
