using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using AuditWeaver.Hooks;

namespace AuditWeaver.Weaving;

/// <summary>
/// The call sites of one woven module, fixed at weave time. Woven code creates one instance per module (from a string
/// the weaver wrote) and calls <c>Raise</c> with a constant site id only after <see cref="Audit.IsEnabled"/> was true.
/// Not for use from hand-written code: this is part of the binary contract between woven assemblies and the runtime,
/// and it only grows (docs/architecture.md).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class SiteTable
{
    private readonly string _data;
    private SiteRecord[]? _sites;

    /// <summary>Creates a table over the weaver's encoded data; nothing is parsed until the first event.</summary>
    public SiteTable(string data)
    {
        _data = data ?? throw new ArgumentNullException(nameof(data));
    }

    /// <summary>The number of call sites in the table.</summary>
    public int Count => Sites.Length;

    private SiteRecord[] Sites
    {
        get
        {
            var sites = Volatile.Read(ref _sites);
            if (sites == null)
            {
                // Parsing twice on a race is harmless: both threads produce equal tables.
                sites = SiteTableFormat.Decode(_data);
                Volatile.Write(ref _sites, sites);
            }

            return sites;
        }
    }

    /// <summary>Raises the event of site <paramref name="site"/> with no arguments.</summary>
    [DebuggerHidden]
#if NET8_0_OR_GREATER
    [StackTraceHidden]
#endif
    public void Raise(int site)
    {
        if (HookRegistry.CanDispatch)
        {
            Dispatch(site, Array.Empty<object?>());
        }
    }

    /// <summary>Raises the event of site <paramref name="site"/> with one argument.</summary>
    [DebuggerHidden]
#if NET8_0_OR_GREATER
    [StackTraceHidden]
#endif
    public void Raise(int site, object? a0)
    {
        if (HookRegistry.CanDispatch)
        {
            Dispatch(site, new[] { a0 });
        }
    }

    /// <summary>Raises the event of site <paramref name="site"/> with two arguments.</summary>
    [DebuggerHidden]
#if NET8_0_OR_GREATER
    [StackTraceHidden]
#endif
    public void Raise(int site, object? a0, object? a1)
    {
        if (HookRegistry.CanDispatch)
        {
            Dispatch(site, new[] { a0, a1 });
        }
    }

    /// <summary>Raises the event of site <paramref name="site"/> with three arguments.</summary>
    [DebuggerHidden]
#if NET8_0_OR_GREATER
    [StackTraceHidden]
#endif
    public void Raise(int site, object? a0, object? a1, object? a2)
    {
        if (HookRegistry.CanDispatch)
        {
            Dispatch(site, new[] { a0, a1, a2 });
        }
    }

    /// <summary>Raises the event of site <paramref name="site"/> with four arguments.</summary>
    [DebuggerHidden]
#if NET8_0_OR_GREATER
    [StackTraceHidden]
#endif
    public void Raise(int site, object? a0, object? a1, object? a2, object? a3)
    {
        if (HookRegistry.CanDispatch)
        {
            Dispatch(site, new[] { a0, a1, a2, a3 });
        }
    }

    /// <summary>Raises the event of site <paramref name="site"/> with any number of arguments.</summary>
    [DebuggerHidden]
#if NET8_0_OR_GREATER
    [StackTraceHidden]
#endif
    public void Raise(int site, object?[] arguments)
    {
        if (HookRegistry.CanDispatch)
        {
            Dispatch(site, arguments ?? Array.Empty<object?>());
        }
    }

    /// <summary>Raises the event of site <paramref name="site"/> and refuses it: the call site was denied at build time.</summary>
    [DebuggerHidden]
#if NET8_0_OR_GREATER
    [StackTraceHidden]
#endif
    public void Deny(int site) => Refuse(site, Array.Empty<object?>());

    /// <summary>Raises the event of site <paramref name="site"/> with one argument and refuses it.</summary>
    [DebuggerHidden]
#if NET8_0_OR_GREATER
    [StackTraceHidden]
#endif
    public void Deny(int site, object? a0) => Refuse(site, new[] { a0 });

    /// <summary>Raises the event of site <paramref name="site"/> with two arguments and refuses it.</summary>
    [DebuggerHidden]
#if NET8_0_OR_GREATER
    [StackTraceHidden]
#endif
    public void Deny(int site, object? a0, object? a1) => Refuse(site, new[] { a0, a1 });

    /// <summary>Raises the event of site <paramref name="site"/> with three arguments and refuses it.</summary>
    [DebuggerHidden]
#if NET8_0_OR_GREATER
    [StackTraceHidden]
#endif
    public void Deny(int site, object? a0, object? a1, object? a2) => Refuse(site, new[] { a0, a1, a2 });

    /// <summary>Raises the event of site <paramref name="site"/> with four arguments and refuses it.</summary>
    [DebuggerHidden]
#if NET8_0_OR_GREATER
    [StackTraceHidden]
#endif
    public void Deny(int site, object? a0, object? a1, object? a2, object? a3) => Refuse(site, new[] { a0, a1, a2, a3 });

    /// <summary>Raises the event of site <paramref name="site"/> with any number of arguments and refuses it.</summary>
    [DebuggerHidden]
#if NET8_0_OR_GREATER
    [StackTraceHidden]
#endif
    public void Deny(int site, object?[] arguments) => Refuse(site, arguments ?? Array.Empty<object?>());

    /// <summary>What the weaver recorded about a site, or null for an unknown one.</summary>
    internal SiteRecord? Record(int site)
    {
        var sites = Sites;
        return (uint)site < (uint)sites.Length ? sites[site] : null;
    }

    /// <summary>The event name of site <paramref name="site"/> (for tools and tests).</summary>
    public string EventNameOf(int site) => Checked(site).EventName;

    [DebuggerHidden]
#if NET8_0_OR_GREATER
    [StackTraceHidden]
#endif
    private void Dispatch(int site, object?[] arguments)
    {
        HookRegistry.Dispatch(Event(Checked(site), arguments));
    }

    // The hooks see the event first (they log it, or deny it with their own exception); then the build-time rule refuses.
    // Dispatch itself skips a thread already running hooks.
    [DebuggerHidden]
#if NET8_0_OR_GREATER
    [StackTraceHidden]
#endif
    private void Refuse(int site, object?[] arguments)
    {
        var callSite = Checked(site);
        var auditEvent = Event(callSite, arguments);
        if (HookRegistry.IsEnabled)
        {
            HookRegistry.Dispatch(auditEvent);
        }

        throw new AuditDeniedException(auditEvent, callSite.DenyReason ?? "a <Deny> rule in FodyWeavers.xml forbids it at " + (callSite.Caller ?? "this call site") + ".");
    }

    // The record's category is cut once per site, not once per event.
    private static AuditEvent Event(SiteRecord callSite, object?[] arguments) =>
        new(callSite.EventName, callSite.Category, arguments, callSite);

    private SiteRecord Checked(int site)
    {
        var sites = Sites;
        if ((uint)site >= (uint)sites.Length)
        {
            throw new ArgumentOutOfRangeException(
                nameof(site),
                string.Format(CultureInfo.InvariantCulture, "Call site {0} is not in this module's table of {1}.", site, sites.Length));
        }

        return sites[site];
    }
}
