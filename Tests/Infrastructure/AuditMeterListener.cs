using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;

namespace Tests.Infrastructure;

/// <summary>A MeterListener on the <c>AuditWeaver</c> meter that keeps every measurement's tags.</summary>
internal sealed class AuditMeterListener : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<(long Value, Dictionary<string, object?> Tags)> _measurements = new();

    internal AuditMeterListener()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "AuditWeaver")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, state) =>
        {
            var copy = new Dictionary<string, object?>(StringComparer.Ordinal) { ["instrument"] = instrument.Name };
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value;
            }

            lock (_measurements)
            {
                _measurements.Add((value, copy));
            }
        });
        _listener.Start();
    }

    /// <summary>The measurements of events named <paramref name="eventName"/>, tags by key.</summary>
    internal IReadOnlyList<(long Value, Dictionary<string, object?> Tags)> For(string eventName)
    {
        lock (_measurements)
        {
            return _measurements.Where(m => (string?)m.Tags.GetValueOrDefault("audit.event.name") == eventName).ToList();
        }
    }

    public void Dispose() => _listener.Dispose();
}
