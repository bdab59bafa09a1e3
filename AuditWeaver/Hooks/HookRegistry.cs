using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using AuditWeaver.Weaving;

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

    // What dispatch runs, null while there is nothing to run. One object, so that dispatch always reads the consumers,
    // the hooks and whether events may be reused as they were published together.
    private static volatile Plan? s_plan;

    // Set for good once a hook that may keep its event was added (HookInspection): events are fresh objects from then.
    private static bool s_hookKeepsEvents;

    // The consumers that hold events in memory before writing them, made to write before any exception leaves dispatch.
    private static volatile IBufferedConsumer[]? s_buffered;

    // Where this thread is in a dispatch. While hooks run (HooksRunning), events raised on the thread (a hook's own file
    // writes, say) are not dispatched. While the k-th consumer runs (depth k > 0), it may be calling user code back (a
    // capture's deny predicate, an EventListener): events raised there go to the consumers after it and to the hooks, so a
    // callback is no place to hide work from the hooks, and an event never comes back to the consumer that caused it.
    //
    // The per-thread state dispatch reads is of primitive types on purpose: the runtime keeps those thread-statics inline in
    // the thread's own block, found with one thread-local lookup, where a thread-static of reference type costs three more
    // dependent loads (about 1.5 ns per event, docs/performance.md run 14).
    [ThreadStatic]
    private static int t_depth;

    // A weak GCHandle, as its IntPtr, to the thread's spare: the event object its woven call sites refill while the plan
    // allows it, in use only from its Reuse to its Release and only outside any other dispatch on the thread (depth 0).
    // Zero until the thread's first such event. The spare is kept alive by t_spareHolder, a thread-static of reference
    // type read only when the spare is made, so both go when the thread ends (and with a collectible context, which a
    // strong handle would pin); the holder's finalizer then frees the handle.
    [ThreadStatic]
    private static IntPtr t_spareHandle;

    // Only held (see above).
#pragma warning disable IDE0052
    [ThreadStatic]
    private static SpareHolder? t_spareHolder;
#pragma warning restore IDE0052

    private const int HooksRunning = int.MaxValue;

    internal static bool IsEnabled
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => s_enabled;
    }

    /// <summary>False on a thread that is already running hooks.</summary>
    internal static bool CanDispatch => t_depth != HooksRunning;

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
            s_hookKeepsEvents |= !HookInspection.CannotKeepEvent(hook);
            RefreshLocked();
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
        var hooks = s_hooks;
        var enabled = hooks != null;
        var reuse = !s_hookKeepsEvents;

        // Dispatch walks the consumers active now and those that poll (they check for themselves): an EventSource nobody
        // enabled or a capture nobody opened then costs nothing per event.
        var dispatchTo = new List<IAuditConsumer>();
        foreach (var consumer in s_consumers ?? Array.Empty<IAuditConsumer>())
        {
            var active = consumer.IsActive;
            enabled |= active;
            if (active || !consumer.CallsRefresh)
            {
                dispatchTo.Add(consumer);
                reuse &= !consumer.KeepsEvents;
            }
        }

        // A consumer that polls and comes last (metrics and tracing, while no later consumer is active) is asked whether it
        // listens before dispatch walks the consumers: while it does not, dispatch stops before it. Only the last one, so
        // that skipping it changes no other consumer's position, which a thread's depth refers to.
        var last = dispatchTo.Count == 0 ? null : dispatchTo[dispatchTo.Count - 1];
        var poller = last is { CallsRefresh: false } ? last : null;
        s_plan = hooks == null && dispatchTo.Count == 0 ? null : new Plan(dispatchTo.Count == 0 ? null : dispatchTo.ToArray(), poller, hooks, reuse);
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
        var plan = s_plan;
        if (plan != null)
        {
            Run(plan, auditEvent, ref t_depth);
        }
    }

    // The overloads woven call sites reach through SiteTable.Raise, one per arity, so that the arguments known to be null
    // cost no write barrier when the spare is refilled (one method for all arities measured about 2 ns slower per event,
    // docs/performance.md run 13). Not inlined: woven code stays a call.
    [DebuggerHidden]
#if NET8_0_OR_GREATER
    [StackTraceHidden]
#endif
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void Dispatch(SiteRecord site) => DispatchSite(site, null, null, null, null, 0);

    [DebuggerHidden]
#if NET8_0_OR_GREATER
    [StackTraceHidden]
#endif
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void Dispatch(SiteRecord site, object? a0) => DispatchSite(site, a0, null, null, null, 0);

    [DebuggerHidden]
#if NET8_0_OR_GREATER
    [StackTraceHidden]
#endif
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void Dispatch(SiteRecord site, object? a0, object? a1) => DispatchSite(site, a0, a1, null, null, 0);

    [DebuggerHidden]
#if NET8_0_OR_GREATER
    [StackTraceHidden]
#endif
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void Dispatch(SiteRecord site, object? a0, object? a1, object? a2) => DispatchSite(site, a0, a1, a2, null, 0);

    [DebuggerHidden]
#if NET8_0_OR_GREATER
    [StackTraceHidden]
#endif
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void Dispatch(SiteRecord site, object? a0, object? a1, object? a2, object? a3, long scalars) => DispatchSite(site, a0, a1, a2, a3, scalars);

    /// <summary>
    /// The event of a woven call site: <paramref name="site"/> and its arguments, as <see cref="Dispatch(AuditEvent)"/>
    /// would run them. Nothing is allocated when no hook or consumer can keep the event: the thread's spare is refilled.
    /// </summary>
    [DebuggerHidden]
#if NET8_0_OR_GREATER
    [StackTraceHidden]
#endif
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DispatchSite(SiteRecord site, object? a0, object? a1, object? a2, object? a3, long scalars)
    {
        var plan = s_plan;
        ref var depth = ref t_depth;
        if (plan == null || depth == HooksRunning)
        {
            return;
        }

        if (depth == 0 && plan.ReusesEvents)
        {
            var handle = t_spareHandle;
            var spare = (handle != IntPtr.Zero ? GCHandle.FromIntPtr(handle).Target as AuditEvent : null) ?? NewSpare(site);
            spare.Reuse(site, a0, a1, a2, a3, scalars);

            // Not released when a hook throws: the arguments of a denied call then stay referenced until the next event.
            Run(plan, spare, ref depth);
            spare.Release();
        }
        else
        {
            Run(plan, new AuditEvent(site, a0, a1, a2, a3, scalars), ref depth);
        }
    }

    [DebuggerHidden]
#if NET8_0_OR_GREATER
    [StackTraceHidden]
#endif
    private static void Run(Plan plan, AuditEvent auditEvent, ref int depth)
    {
        var outer = depth;
        if (outer == HooksRunning)
        {
            return;
        }

        var consumers = plan.Consumers;
        var walk = consumers == null ? 0 : plan.Poller is { } poller && !poller.IsActive ? consumers.Length - 1 : consumers.Length;
        var hooks = plan.Hooks;

        try
        {
            for (var i = outer; i < walk; i++)
            {
                depth = i + 1;
                consumers![i].OnEvent(auditEvent);
            }

            if (hooks != null)
            {
                depth = HooksRunning;
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
            depth = outer;
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

    private static AuditEvent NewSpare(SiteRecord site)
    {
        var holder = new SpareHolder(new AuditEvent(site, null, null, null, null));
        t_spareHolder = holder;
        t_spareHandle = GCHandle.ToIntPtr(holder.Handle);
        return holder.Spare;
    }

    private sealed class SpareHolder
    {
        internal SpareHolder(AuditEvent spare)
        {
            Spare = spare;
            Handle = GCHandle.Alloc(spare, GCHandleType.Weak);
        }

        ~SpareHolder() => Handle.Free();

        internal AuditEvent Spare { get; }

        internal GCHandle Handle { get; }
    }

    private sealed class Plan
    {
        internal Plan(IAuditConsumer[]? consumers, IAuditConsumer? poller, Action<AuditEvent>[]? hooks, bool reusesEvents)
        {
            Consumers = consumers;
            Poller = poller;
            Hooks = hooks;
            ReusesEvents = reusesEvents;
        }

        internal IAuditConsumer[]? Consumers { get; }

        // The last of Consumers when it polls, else null: dispatch walks the ones before it while it does not listen.
        internal IAuditConsumer? Poller { get; }

        internal Action<AuditEvent>[]? Hooks { get; }

        // No hook and no consumer in this plan can keep an event.
        internal bool ReusesEvents { get; }
    }

    // Kept apart from HookRegistry so that the lock object's initializer gives HookRegistry no static constructor.
    private static class AddGate
    {
        internal static readonly object Lock = new();
    }
}
