using System;
using System.Collections.Generic;

namespace AuditWeaver.Fody.Engine;

/// <summary>What to audit. The defaults audit everything the catalog lists.</summary>
public sealed class WeaverOptions
{
    /// <summary>Categories to audit; null means every category.</summary>
    public ISet<string>? Categories { get; set; }

    /// <summary>Categories never to audit.</summary>
    public ISet<string> ExcludedCategories { get; set; } = new HashSet<string>(StringComparer.Ordinal);

    internal bool Audits(string category) =>
        (Categories == null || Categories.Contains(category)) && !ExcludedCategories.Contains(category);
}
