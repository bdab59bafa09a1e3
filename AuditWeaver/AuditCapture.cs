using System;
using System.Collections.Generic;
using System.Threading;
using AuditWeaver.Hooks;

namespace AuditWeaver;

/// <summary>
/// The audit events raised in one async flow between <see cref="Audit.Capture()"/> and <see cref="Dispose"/>: on the
/// thread that opened it, after its awaits, and in tasks started inside it. Made for unit tests that assert what their
/// code touched; global hooks keep seeing every event. Thread-safe.
/// </summary>
public sealed class AuditCapture : IDisposable
{
    private readonly List<AuditEvent> _events = new();
    private readonly Func<AuditEvent, bool>? _deny;
    private int _closed;

    internal AuditCapture(Func<AuditEvent, bool>? deny)
    {
        _deny = deny;
        Outer = CaptureScopes.Current;
        CaptureScopes.Open(this);
    }

    /// <summary>The events captured so far, in the order they were raised on each thread. A snapshot: later events are not added to it.</summary>
    public IReadOnlyList<AuditEvent> Events
    {
        get
        {
            lock (_events)
            {
                return _events.ToArray();
            }
        }
    }

    /// <summary>The capture this one was opened inside, which sees its events too.</summary>
    internal AuditCapture? Outer { get; }

    private bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Stops capturing. Events raised afterwards, even by tasks started inside the capture, are not added.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            CaptureScopes.Close(this);
        }
    }

    internal void Record(AuditEvent auditEvent)
    {
        if (IsClosed)
        {
            return;
        }

        lock (_events)
        {
            _events.Add(auditEvent);
        }
    }

    internal void DenyIfAsked(AuditEvent auditEvent)
    {
        if (!IsClosed && _deny != null && _deny(auditEvent))
        {
            throw new AuditDeniedException(auditEvent, "denied inside Audit.Capture");
        }
    }
}
