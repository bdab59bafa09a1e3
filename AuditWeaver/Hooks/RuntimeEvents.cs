using AuditWeaver.Weaving;

namespace AuditWeaver.Hooks;

/// <summary>Events the runtime raises about itself (category <c>audit</c>).</summary>
internal static class RuntimeEvents
{
    internal const string AddHook = "audit.addhook";

    /// <summary>The schema of <see cref="AddHook"/> and no call site: one record shared by every such event.</summary>
    internal static readonly SiteRecord AddHookSite = new(AddHook, new[] { "hook" }, null, null, null, null);
}
