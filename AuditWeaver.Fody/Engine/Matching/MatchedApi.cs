using System.Collections.Generic;
using AuditWeaver.Catalog;

namespace AuditWeaver.Fody.Engine;

/// <summary>
/// What a call site raises (from the catalog, from configuration, or from an [AuditedApi] attribute) and which route
/// functions run around it. A clause-only match (no event) only guards or reroutes the call.
/// </summary>
internal sealed class MatchedApi
{
    internal MatchedApi(string? eventName, IReadOnlyList<string> argumentNames, IReadOnlyList<CatalogExpression> arguments, bool denied, string origin, IReadOnlyList<CatalogClause>? clauses = null, string? denyReason = null)
    {
        DenyReason = denyReason;
        EventName = eventName;
        ArgumentNames = argumentNames;
        Arguments = arguments;
        Denied = denied;
        Origin = origin;
        Clauses = clauses ?? System.Array.Empty<CatalogClause>();
    }

    /// <summary>The event, or null for an entry that only has clauses.</summary>
    internal string? EventName { get; }

    internal string Category => EventName == null ? string.Empty : CatalogCategories.CategoryOf(EventName);

    internal IReadOnlyList<CatalogClause> Clauses { get; }

    internal IReadOnlyList<string> ArgumentNames { get; }

    internal IReadOnlyList<CatalogExpression> Arguments { get; }

    /// <summary>True when a &lt;Deny&gt; rule, or the engine itself, makes this call site always refuse.</summary>
    internal bool Denied { get; }

    /// <summary>Why the engine denies the site when it is not a configured rule (stored in the site table).</summary>
    internal string? DenyReason { get; }

    /// <summary>Where the rule comes from, for messages: "catalog line 12", "&lt;Api&gt; in FodyWeavers.xml", ...</summary>
    internal string Origin { get; }
}
