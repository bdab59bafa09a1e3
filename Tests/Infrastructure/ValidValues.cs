using System;
using System.Linq;
using AuditWeaver.Catalog;

namespace Tests.Infrastructure;

/// <summary>
/// The lists of valid values that error messages spell out, built from the product's own tables: an expected message
/// stays exact, and a new category, diagnostic, event or catalog function does not break it.
/// </summary>
internal static class ValidValues
{
    /// <summary>The built-in categories, in the catalog's order.</summary>
    internal static string Categories => string.Join(", ", CatalogCategories.All);

    internal static string DiagnosticIds => string.Join(", ", AuditWeaver.Fody.Engine.DiagnosticIds.All.Keys.OrderBy(k => k, StringComparer.Ordinal));

    /// <summary>The built-in events, in the catalog's order.</summary>
    internal static string Events => string.Join(", ", AuditCatalog.BuiltIn.Events.Select(e => e.Name));

    internal static string CatalogFunctionNames => string.Join(", ", CatalogFunctions.Arity.Keys.OrderBy(k => k, StringComparer.Ordinal));

    /// <summary>An expected message with {categories}, {diagnostic-ids}, {events} and {functions} filled in.</summary>
    internal static string In(string message) => message
        .Replace("{categories}", Categories, StringComparison.Ordinal)
        .Replace("{diagnostic-ids}", DiagnosticIds, StringComparison.Ordinal)
        .Replace("{events}", Events, StringComparison.Ordinal)
        .Replace("{functions}", CatalogFunctionNames, StringComparison.Ordinal);
}
