using System.Collections.Generic;
using System.Linq;
using AuditWeaver.Catalog;
using AuditWeaver.Fody.Engine;
using AuditWeaver.Fody.Reports;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Catalog;

/// <summary>docs/coverage.md is computed from the catalog and the reference assemblies; this keeps it current.</summary>
public class CoverageDocumentTests
{
    [Test]
    public void TheCoveragePageMatchesTheCatalogAndTheFramework()
    {
        var members = AuditCatalog.BuiltIn.Types.ToDictionary(
            t => t.TypeId,
            t => (IReadOnlyList<string>)ReferencePack.VisibleMethods(ReferencePack.Types[t.TypeId]).Select(DocumentationId.ForMethod).ToList());
        var expected = CoverageDocument.Write(AuditCatalog.BuiltIn, members, "net10.0");
        Assert.That(expected, Does.Contain("| reflection-emit |").And.Contain("| native |").And.Contain("| environment |"));
        GeneratedDocument.Check("coverage.md", expected);
    }
}
