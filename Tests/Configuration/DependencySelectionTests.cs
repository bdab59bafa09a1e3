using System.Linq;
using System.Xml.Linq;
using AuditWeaver.Fody.Configuration;
using NUnit.Framework;

namespace Tests.Configuration;

/// <summary>
/// The Dependencies attribute: which of an application's dependencies the build weaves. Read strictly like every other
/// attribute; the end-to-end tests (DependencyWeavingTests) build with it.
/// </summary>
public class DependencySelectionTests
{
    [Test]
    public void WithoutTheAttributeExecutablesWeaveEveryDependencyAndLibrariesAndTestProjectsNone()
    {
        var selection = Read("<AuditWeaver />").Dependencies;
        Assert.Multiple(() =>
        {
            Assert.That(selection.Mode, Is.EqualTo(DependencyMode.Default));
            Assert.That(selection.AppliesTo(isExecutable: true, isTestProject: false), Is.True);
            Assert.That(selection.AppliesTo(isExecutable: false, isTestProject: false), Is.False);
            Assert.That(selection.AppliesTo(isExecutable: true, isTestProject: true), Is.False);
            Assert.That(selection.Selects("Serilog"), Is.True);
        });
    }

    [TestCase("all", true, true)]
    [TestCase("ALL", true, true)]
    [TestCase("none", false, false)]
    [TestCase("None", false, false)]
    public void AllAndNoneHoldForEveryKindOfProject(string value, bool library, bool testProject)
    {
        var selection = Read("<AuditWeaver Dependencies='" + value + "' />").Dependencies;
        Assert.That(selection.AppliesTo(isExecutable: false, isTestProject: false), Is.EqualTo(library));
        Assert.That(selection.AppliesTo(isExecutable: true, isTestProject: true), Is.EqualTo(testProject));
    }

    [Test]
    public void PatternsSelectByAssemblyNameAndExclamationMarksLeaveNamesOut()
    {
        var result = Read("<AuditWeaver Dependencies='Serilog* Npgsql !Serilog.Sinks.Console' />");
        var selection = result.Dependencies;
        Assert.That(result.Problems, Is.Empty);
        Assert.Multiple(() =>
        {
            Assert.That(selection.Mode, Is.EqualTo(DependencyMode.Patterns));
            Assert.That(new[] { "Serilog", "Serilog.Sinks.File", "Npgsql", "Serilog.Sinks.Console", "Npgsql.Json", "CliWrap" }.Where(selection.Selects),
                Is.EqualTo(new[] { "Serilog", "Serilog.Sinks.File", "Npgsql" }));
            Assert.That(selection.AppliesTo(isExecutable: false, isTestProject: true), Is.True, "named dependencies are woven in any project");
            Assert.That(selection.ToString(), Is.EqualTo("Serilog* Npgsql !Serilog.Sinks.Console"));
        });

        var allBut = Read("<AuditWeaver Dependencies='all !Npgsql' />").Dependencies;
        Assert.That(new[] { "Serilog", "Npgsql" }.Where(allBut.Selects), Is.EqualTo(new[] { "Serilog" }));
        var onlyExclusions = Read("<AuditWeaver Dependencies='!Npgsql' />").Dependencies;
        Assert.That(new[] { "Serilog", "Npgsql" }.Where(onlyExclusions.Selects), Is.EqualTo(new[] { "Serilog" }));
    }

    [TestCase("none Serilog", "AuditWeaver attribute Dependencies=\"none Serilog\": 'none' cannot be combined with other values: it weaves no dependency.")]
    [TestCase("Serilog/Sinks", "AuditWeaver attribute Dependencies=\"Serilog/Sinks\": 'Serilog/Sinks' is not an assembly name or pattern")]
    [TestCase("!", "AuditWeaver attribute Dependencies=\"!\": '!' is not an assembly name or pattern")]
    [TestCase("", "AuditWeaver attribute Dependencies=\"\": the value is empty. Valid values: all, none, or assembly-name patterns")]
    public void BadValuesAreErrorsNamingTheAttribute(string value, string message)
    {
        var result = Read("<AuditWeaver\n  Dependencies='" + value + "' />");
        var problem = result.Problems.Single();
        Assert.Multiple(() =>
        {
            Assert.That(problem.Id, Is.EqualTo("AW1002"));
            Assert.That(problem.Message, Does.StartWith("FodyWeavers.xml(2,3): AW1002: " + message));
            Assert.That(result.HasErrors, Is.True);
            Assert.That(result.Dependencies.Mode, Is.EqualTo(DependencyMode.Default));
        });
    }

    [TestCase("nunit.framework")]
    [TestCase("NUnit3.TestAdapter")]
    [TestCase("testhost")]
    [TestCase("Microsoft.TestPlatform.CrossPlatEngine")]
    [TestCase("Microsoft.VisualStudio.TestPlatform.ObjectModel")]
    [TestCase("xunit.core")]
    [TestCase("MSTest.TestFramework")]
    public void TestFrameworksAndHostsAreKnownByName(string name) =>
        Assert.That(DependencySelection.IsTestFramework(name), Is.True);

    [TestCase("Serilog")]
    [TestCase("Npgsql")]
    [TestCase("Microsoft.Extensions.Logging")]
    public void OtherAssembliesAreNotTestFrameworks(string name) =>
        Assert.That(DependencySelection.IsTestFramework(name), Is.False);

    private static ConfigurationResult Read(string xml) =>
        WeaverConfiguration.Read(XElement.Parse(xml, LoadOptions.SetLineInfo));
}
