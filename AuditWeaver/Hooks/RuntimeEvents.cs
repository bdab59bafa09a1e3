using System.Collections.Generic;

namespace AuditWeaver.Hooks;

/// <summary>Events the runtime raises about itself (category <c>audit</c>).</summary>
internal static class RuntimeEvents
{
    internal const string AddHook = "audit.addhook";

    internal static readonly IReadOnlyList<string> AddHookArguments = new[] { "hook" };
}
