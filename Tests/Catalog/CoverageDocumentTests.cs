using System;
using System.Collections.Generic;
using System.IO;
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
        var path = Path.Combine(Paths.RepositoryRoot, "docs", "coverage.md");
        if (Environment.GetEnvironmentVariable("AUDITWEAVER_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, expected);
        }

        Assert.That(File.Exists(path), Is.True, "docs/coverage.md is missing; run with AUDITWEAVER_UPDATE_DOCS=1 to write it");
        Assert.That(File.ReadAllText(path), Is.EqualTo(expected), "docs/coverage.md is out of date; run with AUDITWEAVER_UPDATE_DOCS=1 to regenerate it");
        Assert.That(expected, Does.Contain("| reflection-emit |").And.Contain("| native |").And.Contain("| environment |"));
    }
}
