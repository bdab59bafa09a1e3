using System;
using System.Collections.Generic;
using System.Linq;
using AuditWeaver;

namespace Tests.Infrastructure;

/// <summary>
/// Hooks cannot be removed, so the test process registers exactly one, which hands each event to the recording that is
/// active at the time. Tests run one at a time; events raised while no recording is active are dropped.
/// </summary>
internal sealed class AuditRecorder : IDisposable
{
    private static readonly object s_gate = new();
    private static AuditRecorder? s_current;
    private static bool s_installed;

    private readonly List<AuditEvent> _events = new();
    private readonly Func<AuditEvent, bool> _deny;

    private AuditRecorder(Func<AuditEvent, bool> deny)
    {
        _deny = deny;
    }

    /// <summary>The events seen so far, in order.</summary>
    internal IReadOnlyList<AuditEvent> Events
    {
        get
        {
            lock (_events)
            {
                return _events.ToList();
            }
        }
    }

    /// <summary>
    /// Makes sure this process has a hook, so that every event is dispatched to the runtime's consumers at once. Tests of a
    /// consumer's output call it; whether a consumer alone enables call sites is tested in a child process.
    /// </summary>
    internal static void EnsureHooked() => Start().Dispose();

    /// <summary>Starts recording; events <paramref name="deny"/> selects are refused with <see cref="AuditDeniedException"/>.</summary>
    internal static AuditRecorder Start(Func<AuditEvent, bool>? deny = null)
    {
        lock (s_gate)
        {
            if (!s_installed)
            {
                Audit.AddHook(Dispatch);
                s_installed = true;
            }

            var recorder = new AuditRecorder(deny ?? (_ => false));
            s_current = recorder;
            return recorder;
        }
    }

    /// <summary>Starts recording and denies every event whose name matches <paramref name="eventName"/>.</summary>
    internal static AuditRecorder Denying(string eventName) => Start(e => e.Name == eventName);

    internal IReadOnlyList<AuditEvent> Named(string name) => Events.Where(e => e.Name == name).ToList();

    internal AuditEvent Single(string name)
    {
        var matching = Named(name);
        if (matching.Count != 1)
        {
            throw new InvalidOperationException("Expected exactly one '" + name + "' event, got " + matching.Count + ": " + string.Join(" | ", Events));
        }

        return matching[0];
    }

    public void Dispose()
    {
        lock (s_gate)
        {
            if (s_current == this)
            {
                s_current = null;
            }
        }
    }

    private static void Dispatch(AuditEvent auditEvent)
    {
        var recorder = s_current;
        if (recorder == null)
        {
            return;
        }

        lock (recorder._events)
        {
            recorder._events.Add(auditEvent);
        }

        if (recorder._deny(auditEvent))
        {
            throw new AuditDeniedException(auditEvent, "denied by the test");
        }
    }
}
