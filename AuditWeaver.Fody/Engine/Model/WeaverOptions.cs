using System;
using System.Collections.Generic;
using System.Linq;
using AuditWeaver.Catalog;

namespace AuditWeaver.Fody.Engine;

/// <summary>Whether the engine rewrites call sites or only reports them.</summary>
public enum WeaveMode
{
    /// <summary>Rewrite every selected call site so it raises its event.</summary>
    Audit,

    /// <summary>Change nothing; find the call sites and write the report.</summary>
    Report,
}

/// <summary>
/// Everything that decides what the engine audits. Built from FodyWeavers.xml by <c>WeaverConfiguration</c> (or from
/// the command line); the defaults audit every call site of every cataloged member.
/// </summary>
public sealed class WeaverOptions
{
    public WeaveMode Mode { get; set; } = WeaveMode.Audit;

    /// <summary>Categories to audit; null means every category.</summary>
    public ISet<string>? Categories { get; set; }

    /// <summary>Categories never to audit.</summary>
    public ISet<string> ExcludedCategories { get; set; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Event patterns to audit (<c>file.open</c>, <c>network.*</c>); empty means every event.</summary>
    public IList<string> Events { get; } = new List<string>();

    /// <summary>Event patterns never to audit.</summary>
    public IList<string> ExcludedEvents { get; } = new List<string>();

    /// <summary>Namespace patterns whose code is woven; empty means every namespace.</summary>
    public IList<string> IncludeNamespaces { get; } = new List<string>();

    public IList<string> ExcludeNamespaces { get; } = new List<string>();

    /// <summary>Full type-name patterns whose code is woven; empty means every type.</summary>
    public IList<string> IncludeTypes { get; } = new List<string>();

    public IList<string> ExcludeTypes { get; } = new List<string>();

    /// <summary>Members outside the built-in catalog whose call sites are audited.</summary>
    public IList<CustomApi> CustomApis { get; } = new List<CustomApi>();

    /// <summary>Event patterns whose call sites always throw AuditDeniedException (after raising the event).</summary>
    public IList<string> DenyEvents { get; } = new List<string>();

    /// <summary>Severity overrides by diagnostic id.</summary>
    public IDictionary<string, DiagnosticSeverity> Severities { get; } = new Dictionary<string, DiagnosticSeverity>(StringComparer.Ordinal);

    /// <summary>Whether the front writes the JSON weave report next to the output.</summary>
    public bool WriteReport { get; set; } = true;

    internal bool AuditsEvent(string eventName, string category) =>
        (Categories == null || Categories.Contains(category))
        && !ExcludedCategories.Contains(category)
        && (Events.Count == 0 || Events.Any(p => Wildcard.IsMatch(p, eventName)))
        && !ExcludedEvents.Any(p => Wildcard.IsMatch(p, eventName));

    internal bool Denies(string eventName) => DenyEvents.Any(p => Wildcard.IsMatch(p, eventName));

    /// <summary>Whether code in a type is woven; a nested type answers to its own name (Outer+Inner) and its outermost type's.</summary>
    internal bool WeavesType(string @namespace, params string[] typeNames) =>
        (IncludeNamespaces.Count == 0 || IncludeNamespaces.Any(p => Wildcard.IsMatch(p, @namespace)))
        && !ExcludeNamespaces.Any(p => Wildcard.IsMatch(p, @namespace))
        && (IncludeTypes.Count == 0 || IncludeTypes.Any(p => typeNames.Any(n => Wildcard.IsMatch(p, n))))
        && !ExcludeTypes.Any(p => typeNames.Any(n => Wildcard.IsMatch(p, n)));

    internal DiagnosticSeverity SeverityOf(string id) =>
        Severities.TryGetValue(id, out var severity) ? severity : DiagnosticIds.All[id].Severity;
}

/// <summary>
/// A member audited by configuration: <c>&lt;Api id="M:Acme.Db.Execute(System.String)" event="acme.db.execute"
/// category="acme" arguments="sql=$0" /&gt;</c>. Without <c>arguments</c>, the event carries every parameter under its
/// own name.
/// </summary>
public sealed class CustomApi
{
    internal CustomApi(string memberPattern, string eventName, IReadOnlyList<(string Name, CatalogExpression Expression)>? arguments)
    {
        MemberPattern = memberPattern;
        EventName = eventName;
        Arguments = arguments;
    }

    /// <summary>A documentation-comment ID, or a pattern of them with <c>*</c>.</summary>
    public string MemberPattern { get; }

    public string EventName { get; }

    public string Category => CatalogCategories.CategoryOf(EventName);

    internal bool IsPattern => MemberPattern.IndexOf('*') >= 0;

    internal IReadOnlyList<(string Name, CatalogExpression Expression)>? Arguments { get; }
}
