using System;
using System.Runtime.CompilerServices;

namespace AuditWeaver.Hooks;

/// <summary>
/// The process-wide hook list. Readers take a snapshot without locking; writers publish a new array, so a hook never
/// sees a torn list. This class has no static initializers: woven code reads <see cref="IsEnabled"/> on every call
/// site, and a static constructor would add an initialization check there.
/// </summary>
internal static class HookRegistry
{
    // Written only under AddGate.Lock, after the hook array it describes is published.
    private static volatile bool s_enabled;
    private static volatile Action<AuditEvent>[]? s_hooks;

    // Events raised while a hook runs on this thread (its own file writes, say) do not reach the hooks again.
    [ThreadStatic]
    private static bool s_dispatching;

    internal static bool IsEnabled
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => s_enabled;
    }

    /// <summary>False on a thread that is already running hooks.</summary>
    internal static bool CanDispatch => !s_dispatching;

    internal static void Add(Action<AuditEvent> hook)
    {
        lock (AddGate.Lock)
        {
            // The hooks already registered may veto the new one; if one throws, nothing changes.
            Dispatch(new AuditEvent(
                RuntimeEvents.AddHook,
                new object?[] { Describe(hook) },
                RuntimeEvents.AddHookArguments,
                null,
                null,
                null,
                null));

            var current = s_hooks;
            var next = new Action<AuditEvent>[current == null ? 1 : current.Length + 1];
            current?.CopyTo(next, 0);
            next[next.Length - 1] = hook;
            s_hooks = next;
            s_enabled = true;
        }
    }

    /// <summary>Runs every hook on <paramref name="auditEvent"/>; the first exception stops the rest and propagates.</summary>
    internal static void Dispatch(AuditEvent auditEvent)
    {
        var hooks = s_hooks;
        if (hooks == null || s_dispatching)
        {
            return;
        }

        s_dispatching = true;
        try
        {
            foreach (var hook in hooks)
            {
                hook(auditEvent);
            }
        }
        finally
        {
            s_dispatching = false;
        }
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
