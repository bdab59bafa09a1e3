using System.Collections.Generic;

namespace AuditWeaver.Catalog;

/// <summary>
/// The built-in category names, and how an event name gives its category, for code compiled into both the runtime and
/// the weaver (the runtime's public <c>AuditCategory</c> constants say the same; a test keeps them equal).
/// </summary>
internal static class CatalogCategories
{
    internal static readonly IReadOnlyList<string> All = new[]
    {
        "file", "process", "network", "reflection-emit", "reflection", "type-mutation", "assembly-load", "native", "environment", "audit",
    };

    /// <summary>
    /// The category of <paramref name="eventName"/>: the text before its first dot, or the whole name when it has none
    /// (events raised by user code need no dot; cataloged and configured ones always have one).
    /// </summary>
    internal static string CategoryOf(string eventName)
    {
        var dot = eventName.IndexOf('.');
        return dot < 0 ? eventName : eventName.Substring(0, dot);
    }
}
