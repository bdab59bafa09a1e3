using System.Collections.Generic;

namespace AuditWeaver.Catalog;

/// <summary>
/// The built-in category names, for code compiled into both the runtime and the weaver (the runtime's public
/// <c>AuditCategory</c> constants say the same; a test keeps them equal).
/// </summary>
internal static class CatalogCategories
{
    internal static readonly IReadOnlyList<string> All = new[]
    {
        "file", "process", "network", "reflection-emit", "reflection", "type-mutation", "assembly-load", "native", "environment", "audit",
    };
}
