using System.Linq;
using AuditWeaver.Catalog;
using AuditWeaver.Fody.Engine;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Catalog;

/// <summary>
/// Every public or protected member of every type the catalog lists is either audited or excluded with a reason. A new
/// overload in a future framework fails this test until someone decides what it is.
/// </summary>
public class CompletenessTests
{
    [Test]
    public void EveryMemberOfEveryListedTypeIsCatalogedOrExcluded()
    {
        var catalog = AuditCatalog.BuiltIn;
        var unaccounted = (
            from listed in catalog.Types
            let type = ReferencePack.Types[listed.TypeId]
            from method in ReferencePack.VisibleMethods(type)
            let id = DocumentationId.ForMethod(method)
            where !catalog.TryGetEntry(id, out _) && catalog.FindExclusion(id) == null
            select id).ToList();

        Assert.That(unaccounted, Is.Empty, "members neither cataloged nor excluded with a reason");
    }

    [Test]
    public void ThereIsSomethingToCheck()
    {
        Assert.That(AuditCatalog.BuiltIn.Types.Count, Is.GreaterThanOrEqualTo(26));
        Assert.That(AuditCatalog.BuiltIn.Entries.Count(), Is.GreaterThan(500));
    }
}
