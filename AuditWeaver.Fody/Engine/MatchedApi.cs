using System.Collections.Generic;
using AuditWeaver.Catalog;

namespace AuditWeaver.Fody.Engine;

/// <summary>What a call site raises: from the catalog, from configuration, or from an [AuditedApi] attribute.</summary>
internal sealed class MatchedApi
{
    internal MatchedApi(string eventName, IReadOnlyList<string> argumentNames, IReadOnlyList<CatalogExpression> arguments, bool denied, string origin)
    {
        EventName = eventName;
        ArgumentNames = argumentNames;
        Arguments = arguments;
        Denied = denied;
        Origin = origin;
    }

    internal string EventName { get; }

    internal string Category => EventName.Substring(0, EventName.IndexOf('.'));

    internal IReadOnlyList<string> ArgumentNames { get; }

    internal IReadOnlyList<CatalogExpression> Arguments { get; }

    /// <summary>True when a &lt;Deny&gt; rule makes this call site always refuse.</summary>
    internal bool Denied { get; }

    /// <summary>Where the rule comes from, for messages: "catalog line 12", "&lt;Api&gt; in FodyWeavers.xml", ...</summary>
    internal string Origin { get; }
}
