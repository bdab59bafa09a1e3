using AuditWeaver.Catalog;
using AuditWeaver.Fody.Reports;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Catalog;

/// <summary>docs/events.md is the catalog, rendered; this keeps the committed page in step with the data.</summary>
public class EventsDocumentTests
{
    [Test]
    public void TheEventsPageMatchesTheCatalog()
    {
        GeneratedDocument.Check("events.md", EventsDocument.Write(AuditCatalog.BuiltIn));
    }

    [Test]
    public void ShortNamesDropNamespacesFromParameters()
    {
        Assert.That(
            EventsDocument.ShortName("M:System.IO.File.AppendAllLines(System.String,System.Collections.Generic.IEnumerable{System.String})"),
            Is.EqualTo("System.IO.File.AppendAllLines(String, IEnumerable{…})"));
        Assert.That(EventsDocument.ShortName("M:System.Diagnostics.Process.Start"), Is.EqualTo("System.Diagnostics.Process.Start"));
    }

    [Test]
    public void TheRuntimesOwnEventsAreInTheCatalog()
    {
        Assert.That(AuditCatalog.BuiltIn.TryGetEvent("audit.addhook", out var addHook), Is.True);
        Assert.That(addHook.Arguments, Is.EqualTo(new[] { "hook" }));
    }
}
