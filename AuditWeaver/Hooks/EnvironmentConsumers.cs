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
    internal const string SyncVariable = "AUDITWEAVER_LOG_SYNC";
    internal const string DelayVariable = "AUDITWEAVER_LOG_DELAY_MS";
    internal const string SkipCallersVariable = "AUDITWEAVER_LOG_SKIP_CALLERS";

    /// <summary>How long a logged line may wait in memory by default before it is written.</summary>
    internal static readonly TimeSpan DefaultDelay = TimeSpan.FromMilliseconds(20);

    internal static IEnumerable<IAuditConsumer> Create()
    {
        var deny = EnvironmentDenyList.Parse(Environment.GetEnvironmentVariable(DenyVariable));
        var log = Environment.GetEnvironmentVariable(LogVariable);
        if (!string.IsNullOrEmpty(log) && JsonLinesLog.Open(log!, Synchronous(), Delay(), deny) is { } opened)
        {
            opened.SkipCallers(SkipCallers());
            yield return opened;
        }

        if (deny != null)
        {
            yield return deny;
        }
    }

    // AUDITWEAVER_LOG_SKIP_CALLERS=<patterns>: caller patterns, separated as AUDITWEAVER_DENY separates event patterns.
    private static Policies.EventPattern[]? SkipCallers()
    {
        var patterns = new List<Policies.EventPattern>();
        foreach (var text in (Environment.GetEnvironmentVariable(SkipCallersVariable) ?? string.Empty).Split(new[] { ',', ';', ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries))
        {
            patterns.Add(new Policies.EventPattern(text));
        }

        return patterns.Count == 0 ? null : patterns.ToArray();
    }

    // AUDITWEAVER_LOG_SYNC=1: every line is written and on the device before its event returns.
    private static bool Synchronous()
    {
        var flag = EnvironmentFlag.Read(SyncVariable);
        if (flag == null)
        {
            Console.Error.WriteLine("audit: " + SyncVariable + "=" + Environment.GetEnvironmentVariable(SyncVariable)?.Trim() + " is not 1, true, yes, 0, false or no; the log is synchronous, the safer reading.");
        }

        return flag ?? true;
    }

    // AUDITWEAVER_LOG_DELAY_MS=<1 to 60000>: the longest a line waits in memory before it is written.
    private static TimeSpan Delay()
    {
        var value = Environment.GetEnvironmentVariable(DelayVariable);
        if (string.IsNullOrEmpty(value))
        {
            return DefaultDelay;
        }

        if (int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var milliseconds) && milliseconds is >= 1 and <= 60000)
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        Console.Error.WriteLine("audit: " + DelayVariable + "=" + value + " is not a whole number of milliseconds from 1 to 60000; using " + DefaultDelay.TotalMilliseconds + ".");
        return DefaultDelay;
    }
}
