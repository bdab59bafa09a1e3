using System.Linq;
using AuditWeaver.Catalog;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Catalog;

/// <summary>The built-in catalog is well formed and agrees with the framework and the runtime.</summary>
public class CatalogTests
{
    private static readonly string[] s_categories =
    {
        "file", "process", "network", "reflection-emit", "reflection", "type-mutation", "assembly-load", "native", "environment", "audit",
    };

    private static AuditCatalog Catalog => AuditCatalog.BuiltIn;

    [Test]
    public void EveryEventBelongsToAKnownCategory()
    {
        Assert.That(Catalog.Events.Select(e => e.Category).Distinct(), Is.SubsetOf(s_categories));
        Assert.That(Catalog.Types.Select(t => t.Category).Distinct(), Is.SubsetOf(s_categories));
    }

    [Test]
    public void EveryCatalogedMemberExistsInTheFramework()
    {
        var missing = Catalog.Entries.Select(e => e.MemberId).Where(id => !ReferencePack.Methods.ContainsKey(id)).ToList();
        Assert.That(missing, Is.Empty, "cataloged members that the reference assemblies do not have (typo, or removed API)");
    }

    [Test]
    public void EveryListedTypeExists()
    {
        Assert.That(Catalog.Types.Select(t => t.TypeId).Where(id => !ReferencePack.Types.ContainsKey(id)), Is.Empty);
    }

    [Test]
    public void EveryExclusionStillMatchesAMember()
    {
        var members = ReferencePack.Methods.Keys.ToList();
        var stale = Catalog.Exclusions.Where(x => !members.Any(x.Matches)).Select(x => "line " + x.Line + ": " + x.Pattern).ToList();
        Assert.That(stale, Is.Empty, "exclusions that match no member");
    }

    [Test]
    public void NoExclusionHidesACatalogedMember()
    {
        var hidden = Catalog.Entries.Where(e => Catalog.FindExclusion(e.MemberId) != null).Select(e => e.MemberId).ToList();
        Assert.That(hidden, Is.Empty, "a member is either audited or excluded, never both");
    }

    [TestCase("nonsense", "test.txt(1): expected 'event', 'exclude', 'type', 'ignore', 'package' or a member ID starting with 'M:'.")]
    [TestCase("event file(path) : x", "test.txt(1): event name 'file' must be 'category.action'.")]
    [TestCase("event file.open(path)", "test.txt(1): expected ' : ' followed by a description or reason.")]
    [TestCase("M:A.B -> file.open($0)", "test.txt(1): event 'file.open' is not defined above this line.")]
    [TestCase("event a.b(x) : y\nM:A.B -> a.b($0, $1)", "test.txt(2): event 'a.b' takes 1 arguments (x); 2 given.")]
    [TestCase("event a.b(x) : y\nM:A.B -> a.b(frob($0))", "test.txt(2): unknown function 'frob'; known: {functions} at column 14.")]
    [TestCase("event a.b(x) : y\nM:A.B -> a.b(host($0, $1))", "test.txt(2): function 'host' takes 1 arguments, 2 given at column 14.")]
    [TestCase("event a.b(x) : y\nM:A.B -> a.b($that)", "test.txt(2): '$that' is neither $this nor a parameter index such as $0 at column 14.")]
    [TestCase("event a.b(x) : y\nM:A.B -> a.b(\"open)", "test.txt(2): unterminated string at column 14.")]
    [TestCase("event a.b(x) : y\nevent a.b(x) : y", "test.txt(2): event 'a.b' is defined twice.")]
    [TestCase("event a.b(x) : y\nM:A.B -> a.b($0)\nM:A.B -> a.b($0)", "test.txt(3): member 'M:A.B' is cataloged twice.")]
    [TestCase("exclude M:A.B :", "test.txt(1): expected ' : ' followed by a description or reason.")]
    [TestCase("type System.IO.File file", "test.txt(1): expected 'type T:Namespace.Type category'.")]
    public void MistakesAreReportedWithTheirLine(string text, string message)
    {
        var exception = Assert.Throws<CatalogException>(() => AuditCatalog.Parse(text, "test.txt"));
        Assert.That(exception!.Message, Is.EqualTo(ValidValues.In(message)));
    }

    [Test]
    public void TheFunctionListInExpectedMessagesIsTheCatalogsSorted()
    {
        Assert.That(ValidValues.CatalogFunctionNames, Does.StartWith("access, appendmode, combine, ").And.Contain(", host, "));
    }

    [Test]
    public void ExpressionsRoundTrip()
    {
        var catalog = AuditCatalog.Parse("event a.b(w, x, y, z) : d\nM:A.B(System.String) -> a.b($0.Name.Length, host($this), \"lit\", null)", "t");
        Assert.That(string.Join(", ", catalog.Entries.Single().Arguments), Is.EqualTo("$0.Name.Length, host($this), \"lit\", null"));
    }
}
