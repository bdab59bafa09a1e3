using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Threading;
using AuditWeaver.Hooks;

namespace AuditWeaver.Diagnostics;

/// <summary>
/// Metrics and tracing under the name <c>AuditWeaver</c>: a Meter whose counter counts events by category and name, and
/// an ActivitySource whose listeners (OpenTelemetry's <c>AddSource("AuditWeaver")</c>) receive each event as an
/// ActivityEvent on <see cref="Activity.Current"/>. Active only while a MeterListener has the counter enabled or an
/// ActivityListener listens to the source.
/// </summary>
/// <remarks>
/// Neither MeterListener nor ActivityListener tells an instrument or a source when it starts or stops listening, and
/// woven call sites only reach this class once <see cref="Audit.IsEnabled"/> is true. So a timer looks once a
/// <see cref="WatchPeriod"/> (two field reads) and refreshes the flag when the answer changed.
/// </remarks>
internal sealed class AuditTelemetry : IAuditConsumer
{
    internal const string Name = "AuditWeaver";

    internal const string CounterName = "auditweaver.events";

    internal const string CategoryTag = "audit.event.category";

    internal const string NameTag = "audit.event.name";

    internal const string ArgumentsTag = "audit.event.arguments";

    internal const string ApiTag = "audit.event.api";

    internal const string CallerTag = "audit.event.caller";

    internal static readonly TimeSpan WatchPeriod = TimeSpan.FromSeconds(1);

    private readonly Meter _meter;
    private readonly Counter<long> _events;
    private readonly ActivitySource _source;
    // Only held: an unreferenced Timer is collected and stops.
#pragma warning disable IDE0052
    private readonly Timer _watch;
#pragma warning restore IDE0052
    private int _wasActive;

    internal AuditTelemetry()
    {
        var version = typeof(AuditTelemetry).Assembly.GetName().Version?.ToString();
        _meter = new Meter(Name, version);
        _events = _meter.CreateCounter<long>(CounterName, "{event}", "Audit events raised, by category and event name.");
        _source = new ActivitySource(Name, version);

        // The timer must not keep the consumer (or the process) alive, and must not capture the caller's flow.
        using (ExecutionContext.SuppressFlow())
        {
            _watch = new Timer(static state => ((AuditTelemetry)state!).Watch(), this, WatchPeriod, WatchPeriod);
        }
    }

    public bool IsActive => _events.Enabled || _source.HasListeners();

    // Only the timer notices a listener coming or going, up to a WatchPeriod late; until then dispatch must keep offering
    // events, and OnEvent checks both for itself.
    public bool CallsRefresh => false;

    // Counters and activity events get the event's strings, never the event.
    public bool KeepsEvents => false;

    // Dispatch offers every event to this consumer even while nothing listens (when it is the last consumer, dispatch
    // reads IsActive first instead), so the check is kept small enough for the JIT to inline it into dispatch (guarded
    // devirtualization), and the work is a call of its own.
    public void OnEvent(AuditEvent auditEvent)
    {
        if (_events.Enabled || _source.HasListeners())
        {
            Record(auditEvent);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Record(AuditEvent auditEvent)
    {
        if (_events.Enabled)
        {
            _events.Add(
                1,
                new KeyValuePair<string, object?>(CategoryTag, auditEvent.Category),
                new KeyValuePair<string, object?>(NameTag, auditEvent.Name));
        }

        // Activities that only propagate context (IsAllDataRequested false) are not recorded, so events on them are waste.
        if (_source.HasListeners() && Activity.Current is { IsAllDataRequested: true } activity)
        {
            activity.AddEvent(new ActivityEvent(auditEvent.Name, tags: new ActivityTagsCollection
            {
                { CategoryTag, auditEvent.Category },
                { ArgumentsTag, auditEvent.FormatArguments() },
                { ApiTag, auditEvent.Api },
                { CallerTag, auditEvent.Caller },
            }));
        }
    }

    private void Watch()
    {
        var active = IsActive ? 1 : 0;
        if (Interlocked.Exchange(ref _wasActive, active) != active)
        {
            HookRegistry.Refresh();
        }
    }
}
