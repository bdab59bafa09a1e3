using System;
using System.Collections.Generic;

namespace AuditWeaver.Hooks;

/// <summary>
/// The consumers the environment asks for, in the order they must run: the event log (AUDITWEAVER_LOG) before the deny
/// list (AUDITWEAVER_DENY), so that a denied event is logged first. Read once, at start-up; with neither variable set
/// nothing is added and call sites stay at one static read and a branch.
/// </summary>
internal static class EnvironmentConsumers
{
    internal const string LogVariable = "AUDITWEAVER_LOG";
    internal const string DenyVariable = "AUDITWEAVER_DENY";

    internal static IEnumerable<IAuditConsumer> Create()
    {
        var deny = EnvironmentDenyList.Parse(Environment.GetEnvironmentVariable(DenyVariable));
        var log = Environment.GetEnvironmentVariable(LogVariable);
        if (!string.IsNullOrEmpty(log) && JsonLinesLog.Open(log!, deny) is { } opened)
        {
            yield return opened;
        }

        if (deny != null)
        {
            yield return deny;
        }
    }
}
