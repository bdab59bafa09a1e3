using System.Linq;
using AuditWeaver.Catalog;
using AuditWeaver.Fody.Engine;
using Mono.Cecil;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Catalog;

/// <summary>
/// Package entries (<c>M:id in Assembly -> ...</c>): kept apart from the framework's entries, and matched only where the
/// called member is defined in the named assembly (AssemblyToProcess calls File.Exists through System.Runtime).
/// </summary>
public class PackageEntryTests
{
    private const string Header = "event file.stat(path, query) : probe\n";

    [Test]
    public void APackageEntryNamesItsAssemblyAndStaysOutOfTheFrameworksEntries()
    {
        var catalog = AuditCatalog.Parse(Header + "M:Some.Store.Open(System.String) in Some.Package -> file.stat($0, \"exists\")\nM:System.IO.File.Exists(System.String) -> file.stat($0, \"exists\")", "t");

        Assert.That(catalog.PackageEntries.Select(e => (e.MemberId, e.Assembly)), Is.EqualTo(new[] { ("M:Some.Store.Open(System.String)", (string?)"Some.Package") }));
        Assert.That(catalog.Entries.Select(e => e.MemberId), Is.EqualTo(new[] { "M:System.IO.File.Exists(System.String)" }));
        Assert.That(catalog.TryGetEntry("M:Some.Store.Open(System.String)", "Some.Package", out _), Is.True);
        Assert.That(catalog.TryGetEntry("M:Some.Store.Open(System.String)", "Other.Package", out _), Is.False);
        Assert.That(catalog.TryGetEntry("M:Some.Store.Open(System.String)", out _), Is.False, "not a framework entry");
    }

    [TestCase("M:A.B in -> file.stat($0, null)", "t(2): expected 'M:member in Assembly' before ' -> ', with the assembly's simple name (e.g. 'in Microsoft.Data.Sqlite'); found 'M:A.B in'.")]
    [TestCase("M:A.B from X -> file.stat($0, null)", "t(2): expected 'M:member in Assembly' before ' -> ', with the assembly's simple name (e.g. 'in Microsoft.Data.Sqlite'); found 'M:A.B from X'.")]
    [TestCase("M:A.B in X -> file.stat($0, null)\nM:A.B in X -> file.stat($0, null)", "t(3): member 'M:A.B in X' is cataloged twice.")]
    public void MistakesAreReportedWithTheirLine(string entries, string message)
    {
        var exception = Assert.Throws<CatalogException>(() => AuditCatalog.Parse(Header + entries, "t"));
        Assert.That(exception!.Message, Is.EqualTo(message));
    }

    [Test]
    public void TheSameIdInTwoAssembliesIsTwoEntries()
    {
        var catalog = AuditCatalog.Parse(Header + "M:A.B in X -> file.stat($0, \"x\")\nM:A.B in Y -> file.stat($0, \"y\")", "t");
        Assert.That(catalog.TryGetEntry("M:A.B", "Y", out var entry) ? entry.Arguments[1].ToString() : null, Is.EqualTo("\"y\""));
    }

    [TestCase("System.Runtime", true)]
    [TestCase("Some.Package", false)]
    public void OnlyMembersOfTheNamedAssemblyAreWoven(string assembly, bool woven)
    {
        var catalog = AuditCatalog.Parse(Header + "M:System.IO.File.Exists(System.String) in " + assembly + " -> file.stat($0, \"exists\")", "custom.txt");
        using var module = ModuleDefinition.ReadModule(Paths.AssemblyToProcess);

        var result = new AuditWeavingEngine(catalog, new WeaverOptions(), new WeaverLog()).Weave(module);

        Assert.That(result.Sites.Any(s => s.Api == "M:System.IO.File.Exists(System.String)"), Is.EqualTo(woven), string.Join(", ", result.Sites.Select(s => s.Api).Distinct()));
    }
}
