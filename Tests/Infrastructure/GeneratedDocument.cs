using System;
using System.IO;
using NUnit.Framework;

namespace Tests.Infrastructure;

/// <summary>A page under docs/ that the product writes: the committed page must be what it writes now.</summary>
internal static class GeneratedDocument
{
    /// <summary>
    /// Asserts that docs/<paramref name="name"/> is <paramref name="expected"/>. With AUDITWEAVER_UPDATE_DOCS=1 a page
    /// that differs is rewritten and the test ends inconclusive, not passed: it checked nothing.
    /// </summary>
    internal static void Check(string name, string expected)
    {
        var path = Path.Combine(Paths.RepositoryRoot, "docs", name);
        var committed = File.Exists(path) ? File.ReadAllText(path) : null;
        if (committed != expected && Environment.GetEnvironmentVariable("AUDITWEAVER_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, expected);
            Assert.Inconclusive("regenerated docs/" + name + "; review the change and commit it");
        }

        Assert.That(committed, Is.Not.Null, "docs/" + name + " is missing; run with AUDITWEAVER_UPDATE_DOCS=1 to write it");
        Assert.That(committed, Is.EqualTo(expected), "docs/" + name + " is out of date; run with AUDITWEAVER_UPDATE_DOCS=1 to regenerate it");
    }
}
