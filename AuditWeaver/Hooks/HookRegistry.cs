using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Runtime.CompilerServices;

namespace AuditWeaver.Hooks;

/// <summary>
/// The process-wide hook list. Readers take a snapshot without locking; writers publish a new array, so a hook never
/// sees a torn list. This class has no static initializers: woven code reads <see cref="IsEnabled"/> on every call
/// site, and a static constructor would add an initialization check there.
/// </summary>
internal static class HookRegistry
{
    // Written only under AddGate.Lock, after the arrays it describes are published.
    private static volatile bool s_enabled;
    private static volatile Action<AuditEvent>[]? s_hooks;
    private static volatile IAuditConsumer[]? s_consumers;

    // What dispatch walks: the consumers active at the last refresh and those that poll (they check for themselves).
    // An EventSource nobody enabled or a capture nobody opened then costs nothing per event.
    private static volatile IAuditConsumer[]? s_dispatchTo;

    // The consumers that hold events in memory before writing them, made to write before any exception leaves dispatch.
    private static volatile IBufferedConsumer[]? s_buffered;

    // Where this thread is in a dispatch. While hooks run (HooksRunning), events raised on the thread (a hook's own file
    // writes, say) are not dispatched. While the k-th consumer runs (k > 0), it may be calling user code back (a capture's
    // deny predicate, an EventListener): events raised there go to the consumers after it and to the hooks, so a callback
    // is no place to hide work from the hooks, and an event never comes back to the consumer that caused it.
    [ThreadStatic]
    private static int s_dispatching;

    private const int HooksRunning = int.MaxValue;

    internal static bool IsEnabled
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => s_enabled;
    }

    /// <summary>False on a thread that is already running hooks.</summary>
    internal static bool CanDispatch => s_dispatching != HooksRunning;

    internal static void Add(Action<AuditEvent> hook)
    {
        lock (AddGate.Lock)
        {
            // The hooks already registered may veto the new one; if one throws, nothing changes.
            Dispatch(new AuditEvent(RuntimeEvents.AddHookSite, Describe(hook), null, null, null));

            var current = s_hooks;
            var next = new Action<AuditEvent>[current == null ? 1 : current.Length + 1];
            current?.CopyTo(next, 0);
            next[next.Length - 1] = hook;
            s_hooks = next;
            s_enabled = true;
        }
    }

    /// <summary>Adds a runtime consumer (see <see cref="IAuditConsumer"/>); it cannot be removed either.</summary>
    internal static void AddConsumer(IAuditConsumer consumer)
    {
        lock (AddGate.Lock)
        {
            var current = s_consumers;
            var next = new IAuditConsumer[current == null ? 1 : current.Length + 1];
            current?.CopyTo(next, 0);
            next[next.Length - 1] = consumer;
            s_consumers = next;
            if (consumer is IBufferedConsumer buffered)
            {
                var held = s_buffered;
                s_buffered = held == null ? new[] { buffered } : held.Concat(new[] { buffered }).ToArray();
            }

            RefreshLocked();
        }
    }

    /// <summary>Recomputes <see cref="IsEnabled"/> after a consumer's <see cref="IAuditConsumer.IsActive"/> changed.</summary>
    internal static void Refresh()
    {
        lock (AddGate.Lock)
        {
            RefreshLocked();
        }
    }

    private static void RefreshLocked()
    {
        var enabled = s_hooks != null;
        var dispatchTo = new List<IAuditConsumer>();
        foreach (var consumer in s_consumers ?? Array.Empty<IAuditConsumer>())
        {
            var active = consumer.IsActive;
            enabled |= active;
            if (active || !consumer.CallsRefresh)
            {
                dispatchTo.Add(consumer);
            }
        }

        s_dispatchTo = dispatchTo.Count == 0 ? null : dispatchTo.ToArray();
        s_enabled = enabled;
    }

    /// <summary>
    /// Runs every active consumer and then every hook on <paramref name="auditEvent"/>; the first exception stops the
    /// rest and propagates, once the consumers that buffer (the event log) have written what they hold: a denied
    /// operation's event is on disk before the denial leaves the call site. Hidden from stack traces: a denial's trace
    /// goes from the hook straight to the call site.
    /// </summary>
    [DebuggerHidden]
#if NET8_0_OR_GREATER
    [StackTraceHidden]
#endif
    internal static void Dispatch(AuditEvent auditEvent)
    {
        var outer = s_dispatching;
        var consumers = s_dispatchTo;
        var hooks = s_hooks;
        if (outer == HooksRunning || (hooks == null && consumers == null))
        {
            return;
        }

        try
        {
            if (consumers != null)
            {
                for (var i = outer; i < consumers.Length; i++)
                {
                    s_dispatching = i + 1;
                    consumers[i].OnEvent(auditEvent);
                }
            }

            if (hooks != null)
            {
                s_dispatching = HooksRunning;
                for (var i = 0; i < hooks.Length; i++)
                {
                    hooks[i](auditEvent);
                }
            }
        }
        catch (Exception) when (WritePendingBeforeUnwinding())
        {
            // Never entered: the filter writes the log while the exception is still at its throw site, and declines it.
            throw;
        }
        finally
        {
            s_dispatching = outer;
        }
    }

    /// <summary>Makes every buffering consumer write what it holds, now, on this thread (before a denial is thrown).</summary>
    internal static void WritePending()
    {
        var buffered = s_buffered;
        if (buffered == null)
        {
            return;
        }

        foreach (var consumer in buffered)
        {
            consumer.WritePending();
        }
    }

    private static bool WritePendingBeforeUnwinding()
    {
        WritePending();
        return false;
    }

    private static string Describe(Action<AuditEvent> hook)
    {
        var method = hook.Method;
        var type = method.DeclaringType;
        return type == null ? method.Name : type.FullName + "." + method.Name;
    }

    // Kept apart from HookRegistry so that the lock object's initializer gives HookRegistry no static constructor.
    private static class AddGate
    {
        internal static readonly object Lock = new();
    }
}
