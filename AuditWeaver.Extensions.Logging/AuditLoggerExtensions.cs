using System;
using Microsoft.Extensions.Logging;

namespace AuditWeaver.Extensions.Logging;

/// <summary>Writes audit events to an <see cref="ILogger"/>.</summary>
public static class AuditLoggerExtensions
{
    /// <summary>The event id of audit log entries: 1, named <c>AuditEvent</c>.</summary>
    public static readonly EventId AuditEventId = new(1, "AuditEvent");

    /// <summary>
    /// Writes <paramref name="auditEvent"/> as one log entry whose message is the event's one-line text and whose
    /// structured fields are <c>AuditEvent</c> (the name), <c>AuditCategory</c>, <c>AuditArguments</c> (as text),
    /// <c>AuditApi</c>, <c>AuditCaller</c>, <c>AuditSourceFile</c> and <c>AuditLine</c>.
    /// </summary>
    /// <example><code>Audit.AddHook(e => logger.LogAuditEvent(e));</code></example>
    /// <exception cref="ArgumentNullException"><paramref name="logger"/> or <paramref name="auditEvent"/> is null.</exception>
    public static void LogAuditEvent(this ILogger logger, AuditEvent auditEvent, LogLevel level = LogLevel.Information)
    {
        if (logger == null)
        {
            throw new ArgumentNullException(nameof(logger));
        }

        if (auditEvent == null)
        {
            throw new ArgumentNullException(nameof(auditEvent));
        }

        if (logger.IsEnabled(level))
        {
            logger.Log(level, AuditEventId, new AuditLogState(auditEvent), null, static (state, _) => state.ToString());
        }
    }
}
