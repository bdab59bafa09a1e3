using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using NUnit.Framework;

namespace Tests.Infrastructure.KernelRecord;

/// <summary>
/// An audit log written synchronously (AUDITWEAVER_LOG_SYNC=1) read back from strace's record of the same process:
/// each event is placed where its line's write to the log file started. Since a synchronous log writes and flushes
/// a line before the event returns to the code that raised it, an event placed before an operation's system call was
/// raised before the operation happened, by the operating system's own account.
/// </summary>
internal sealed class AuditTimeline
{
    private AuditTimeline(SystemCallRecord record, IReadOnlyList<LoggedEvent> events)
    {
        Record = record;
        Events = events;
    }

    internal SystemCallRecord Record { get; }

    /// <summary>Every event written to the log, in the order its write started.</summary>
    internal IReadOnlyList<LoggedEvent> Events { get; }

    /// <summary>The events written to <paramref name="logPath"/> in <paramref name="record"/>.</summary>
    internal static AuditTimeline Read(SystemCallRecord record, string logPath)
    {
        var events = new List<LoggedEvent>();
        foreach (var write in record.Named("write", "pwrite64").Where(w => w.DescriptorTarget == logPath))
        {
            foreach (var line in write.WrittenText.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                using var document = JsonDocument.Parse(line);
                events.Add(new LoggedEvent(write.Index, document.RootElement.Clone()));
            }
        }

        return new AuditTimeline(record, events);
    }

    /// <summary>
    /// The operations among <paramref name="operations"/> that no event announced beforehand. The n-th operation (in
    /// the record's order) needs n events that <paramref name="announces"/> it written before it starts, so one early
    /// event cannot stand for every later operation on the same path or socket.
    /// </summary>
    internal IReadOnlyList<SystemCall> Unannounced(IEnumerable<SystemCall> operations, Func<LoggedEvent, SystemCall, bool> announces)
    {
        var missing = new List<SystemCall>();
        var ordinal = 0;
        foreach (var operation in operations.OrderBy(o => o.Index))
        {
            ordinal++;
            if (Events.Count(e => e.Index < operation.Index && announces(e, operation)) < ordinal)
            {
                missing.Add(operation);
            }
        }

        return missing;
    }

    /// <summary>
    /// Asserts that strace saw <paramref name="calls"/> (<paramref name="what"/>, at least one, so a run that did nothing
    /// cannot pass) and that each was announced (<see cref="Unannounced"/>) by an event named <paramref name="eventName"/>
    /// that <paramref name="matches"/> it; the message lists the unannounced calls and the events of that name.
    /// </summary>
    internal void AssertAnnounced(string what, IEnumerable<SystemCall> calls, string eventName, Func<LoggedEvent, SystemCall, bool> matches)
    {
        var operations = calls.ToList();
        Assert.That(operations, Is.Not.Empty, "strace saw no " + what);
        var missing = Unannounced(operations, (e, c) => e.Name == eventName && matches(e, c));
        Assert.That(
            missing,
            Is.Empty,
            what + ": " + missing.Count + " of " + operations.Count + " happened with no " + eventName + " event before them:" + Environment.NewLine
            + string.Join(Environment.NewLine, missing.Select(m => "  at " + m.Index + ": " + m)) + Environment.NewLine + "The " + eventName + " events:" + Environment.NewLine + Describe(eventName));
    }

    /// <summary>The events named <paramref name="name"/>, for assertion messages.</summary>
    internal string Describe(string name) =>
        string.Join(Environment.NewLine, Events.Where(e => e.Name == name).Select(e => "  at " + e.Index + ": " + e.Json.GetRawText()).DefaultIfEmpty("  (no " + name + " event at all)"));
}

/// <summary>One audit log line and where its write starts in the strace record.</summary>
internal sealed record LoggedEvent(int Index, JsonElement Json)
{
    internal string Name => Json.GetProperty("event").GetString() ?? string.Empty;

    internal string? Caller => Json.TryGetProperty("caller", out var caller) ? caller.GetString() : null;

    /// <summary>An argument as text (a number's digits), or null when the event has no such argument or it is null.</summary>
    internal string? Argument(string name) =>
        Json.TryGetProperty("args", out var args) && args.ValueKind == JsonValueKind.Object && args.TryGetProperty(name, out var value)
            ? value.ValueKind switch { JsonValueKind.Null => null, JsonValueKind.String => value.GetString(), _ => value.GetRawText() }
            : null;
}
