using System;
using System.Diagnostics;
using AuditWeaver.Hooks;
using AuditWeaver.Routes;

namespace AuditWeaver;

/// <summary>
/// Runtime audit hooks in the manner of Python's PEP 578: woven call sites and user code raise named events, and the
/// hooks registered here see each one before the operation happens. A hook that throws stops the operation.
/// </summary>
public static class Audit
{
    /// <summary>
    /// True while anything consumes audit events. Woven call sites read this before capturing any argument, so a
    /// program with no hook pays one static read and a branch per call site.
    /// </summary>
    public static bool IsEnabled
    {
        [DebuggerStepThrough]
        get => HookRegistry.IsEnabled;
    }

    /// <summary>
    /// Registers a hook that sees every audit event from now on, in the order hooks were added, synchronously on the
    /// thread that raised the event. Hooks cannot be removed.
    /// </summary>
    /// <remarks>
    /// Adding a hook first raises <c>audit.addhook</c> to the hooks already registered. If one of them throws, the new
    /// hook is not added and the exception propagates to the caller of this method.
    /// A hook may keep the events it is given. One that only reads them (its event parameter used for nothing but calls
    /// like <c>e.Name</c> or <c>e.GetArgument("path")</c>) lets woven call sites reuse an event object per thread
    /// instead of allocating one per event; the runtime finds this out from the hook's IL when it is added.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="hook"/> is null.</exception>
    public static void AddHook(Action<AuditEvent> hook)
    {
        if (hook == null)
        {
            throw new ArgumentNullException(nameof(hook));
        }

        RuntimeStartup.EnsureInitialized();
        HookRegistry.Add(hook);
    }

    /// <summary>
    /// Sets the assembly verifier (PEP 578's verified open hook): it is consulted before every audited load of an
    /// assembly or native library, with the path, the exact bytes, or the name, and returns false to refuse; the load
    /// then throws <see cref="AssemblyVerificationException"/>. It is consulted whether or not hooks are registered.
    /// </summary>
    /// <remarks>The verifier can be set once and never replaced; loads from bytes and streams are verified and loaded from
    /// the same private copy, loads by path are not (docs/runtime.md explains the gap).</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="verifier"/> is null.</exception>
    /// <exception cref="InvalidOperationException">A verifier is already set.</exception>
    public static void SetAssemblyVerifier(Func<AssemblyLoadRequest, bool> verifier)
    {
        if (verifier == null)
        {
            throw new ArgumentNullException(nameof(verifier));
        }

        AssemblyVerification.Set(verifier);
    }

    /// <summary>
    /// Starts capturing the audit events raised in the current async flow (this thread, its awaits, and tasks started
    /// from it) until the returned capture is disposed; read them from <see cref="AuditCapture.Events"/>. Hooks are not
    /// affected: they keep seeing every event. Captures may be nested; an outer capture also sees the inner one's events.
    /// </summary>
    /// <example><code>
    /// using var capture = Audit.Capture();
    /// importer.Run();
    /// Assert.That(capture.Events.Select(e => e.Name), Does.Not.Contain("process.start"));
    /// </code></example>
    public static AuditCapture Capture()
    {
        RuntimeStartup.EnsureInitialized();
        return new AuditCapture(null);
    }

    /// <summary>
    /// Like <see cref="Capture()"/>, and inside the capture's flow denies every event <paramref name="deny"/> selects: the
    /// event is captured, then its operation fails with <see cref="AuditDeniedException"/> before it happens.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="deny"/> is null.</exception>
    public static AuditCapture Capture(Func<AuditEvent, bool> deny)
    {
        if (deny == null)
        {
            throw new ArgumentNullException(nameof(deny));
        }

        RuntimeStartup.EnsureInitialized();
        return new AuditCapture(deny);
    }

    /// <summary>
    /// Raises an event of the caller's own to the registered hooks, like Python's <c>sys.audit</c>. The event's category is
    /// the part of <paramref name="name"/> before its first dot (the whole name when it has none).
    /// </summary>
    /// <remarks>
    /// Events raised here carry no API, caller or source location: <see cref="AuditEvent.Api"/>,
    /// <see cref="AuditEvent.Caller"/>, <see cref="AuditEvent.SourceFile"/>, <see cref="AuditEvent.Line"/> and
    /// <see cref="AuditEvent.ArgumentNames"/> are null. A hook that throws makes this method throw.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null, empty or contains white space.</exception>
    public static void Raise(string name, params object?[] args)
    {
        var record = UserEvents.Record(name, args?.Length ?? 0, nameof(name));
        RuntimeStartup.EnsureInitialized();
        if (!HookRegistry.IsEnabled)
        {
            return;
        }

        HookRegistry.Dispatch(AuditEvent.FromUser(record, args));
    }
}
