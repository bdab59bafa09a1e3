using System;
using System.Collections.Generic;
using System.Diagnostics.Tracing;
using System.Linq;

namespace Tests.Infrastructure;

/// <summary>
/// An in-process EventListener that enables the <c>AuditWeaver</c> EventSource and keeps every event it writes, as a
/// tool such as dotnet-trace would see them (payload by field name).
/// </summary>
internal sealed class AuditEventListener : EventListener
{
    // Initialized before the base constructor runs, which may already report existing sources and events.
    private readonly List<IReadOnlyDictionary<string, object?>> _events = new();

    /// <summary>The events received so far whose name is <paramref name="name"/>, in order.</summary>
    internal IReadOnlyList<IReadOnlyDictionary<string, object?>> Named(string name)
    {
        lock (_events)
        {
            return _events.Where(e => (string?)e["name"] == name).ToList();
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "AuditWeaver")
        {
            EnableEvents(eventSource, EventLevel.Informational);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventSource.Name != "AuditWeaver" || eventData.PayloadNames == null || eventData.Payload == null)
        {
            return;
        }

        var payload = new Dictionary<string, object?>(StringComparer.Ordinal) { ["eventName"] = eventData.EventName };
        for (var i = 0; i < eventData.PayloadNames.Count; i++)
        {
            payload[eventData.PayloadNames[i]] = eventData.Payload[i];
        }

        lock (_events)
        {
            _events.Add(payload);
        }
    }
}
