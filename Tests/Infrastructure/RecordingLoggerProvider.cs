using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Logging;

namespace Tests.Infrastructure;

/// <summary>A logging provider that keeps every entry with its structured state, as a structured-logging sink would.</summary>
internal sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly List<Entry> _entries = new();

    internal IReadOnlyList<Entry> Entries
    {
        get
        {
            lock (_entries)
            {
                return _entries.ToList();
            }
        }
    }

    /// <summary>The entries whose <c>AuditEvent</c> field is <paramref name="eventName"/>.</summary>
    internal IReadOnlyList<Entry> ForEvent(string eventName) =>
        Entries.Where(e => e.Fields.TryGetValue("AuditEvent", out var name) && (string?)name == eventName).ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    internal sealed record Entry(string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyDictionary<string, object?> Fields);

    private sealed class Logger : ILogger
    {
        private readonly RecordingLoggerProvider _provider;
        private readonly string _category;

        internal Logger(RecordingLoggerProvider provider, string category)
        {
            _provider = provider;
            _category = category;
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var fields = state as IEnumerable<KeyValuePair<string, object?>> ?? Array.Empty<KeyValuePair<string, object?>>();
            var entry = new Entry(_category, logLevel, eventId, formatter(state, exception), fields.ToDictionary(f => f.Key, f => f.Value));
            lock (_provider._entries)
            {
                _provider._entries.Add(entry);
            }
        }
    }
}
