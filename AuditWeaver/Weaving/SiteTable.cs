using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
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
    public void Raise(int site) => HookRegistry.Dispatch(Checked(site, 0));

    /// <summary>Raises the event of site <paramref name="site"/> with one argument.</summary>
    [DebuggerHidden]
#if NET8_0_OR_GREATER
    [StackTraceHidden]
#endif
    public void Raise(int site, object? a0) => HookRegistry.Dispatch(Checked(site, 1), a0);

    /// <summary>Raises the event of site <paramref name="site"/> with two arguments.</summary>
    [DebuggerHidden]
#if NET8_0_OR_GREATER
    [StackTraceHidden]
#endif
    public void Raise(int site, object? a0, object? a1) => HookRegistry.Dispatch(Checked(site, 2), a0, a1);

    /// <summary>Raises the event of site <paramref name="site"/> with three arguments.</summary>
    [DebuggerHidden]
#if NET8_0_OR_GREATER
    [StackTraceHidden]
#endif
    public void Raise(int site, object? a0, object? a1, object? a2) => HookRegistry.Dispatch(Checked(site, 3), a0, a1, a2);

    /// <summary>Raises the event of site <paramref name="site"/> with four arguments.</summary>
    [DebuggerHidden]
#if NET8_0_OR_GREATER
    [StackTraceHidden]
#endif
    public void Raise(int site, object? a0, object? a1, object? a2, object? a3) => HookRegistry.Dispatch(Checked(site, 4), a0, a1, a2, a3, 0);

    /// <summary>Raises the event of site <paramref name="site"/> with any number of arguments.</summary>
    [DebuggerHidden]
#if NET8_0_OR_GREATER
    [StackTraceHidden]
#endif
    public void Raise(int site, object?[] arguments) => HookRegistry.Dispatch(AuditEvent.FromArray(Checked(site), arguments ?? Array.Empty<object?>()));

    /// <summary>Raises the event of site <paramref name="site"/>, whose up to four arguments include value types passed unboxed in
    /// <paramref name="scalars"/>, packed as the site's record says (<c>ScalarKinds</c>); the other arguments are
    /// references in their positions, and the scalars' positions and unused ones are null.
    ///</summary>
    [DebuggerHidden]
#if NET8_0_OR_GREATER
    [StackTraceHidden]
#endif
    public void Raise(int site, long scalars, object? a0, object? a1, object? a2, object? a3) => HookRegistry.Dispatch(Checked(site), a0, a1, a2, a3, scalars);

    /// <summary>Raises the event of site <paramref name="site"/> and refuses it: the call site was denied at build time.</summary>
    [DebuggerHidden]
#if NET8_0_OR_GREATER
    [StackTraceHidden]
#endif
    public void Deny(int site) => Refuse(new AuditEvent(Checked(site, 0), null, null, null, null));

    /// <summary>Raises the event of site <paramref name="site"/> with one argument and refuses it.</summary>
    [DebuggerHidden]
#if NET8_0_OR_GREATER
    [StackTraceHidden]
#endif
    public void Deny(int site, object? a0) => Refuse(new AuditEvent(Checked(site, 1), a0, null, null, null));

    /// <summary>Raises the event of site <paramref name="site"/> with two arguments and refuses it.</summary>
    [DebuggerHidden]
#if NET8_0_OR_GREATER
    [StackTraceHidden]
#endif
    public void Deny(int site, object? a0, object? a1) => Refuse(new AuditEvent(Checked(site, 2), a0, a1, null, null));

    /// <summary>Raises the event of site <paramref name="site"/> with three arguments and refuses it.</summary>
    [DebuggerHidden]
#if NET8_0_OR_GREATER
    [StackTraceHidden]
#endif
    public void Deny(int site, object? a0, object? a1, object? a2) => Refuse(new AuditEvent(Checked(site, 3), a0, a1, a2, null));

    /// <summary>Raises the event of site <paramref name="site"/> with four arguments and refuses it.</summary>
    [DebuggerHidden]
#if NET8_0_OR_GREATER
    [StackTraceHidden]
#endif
    public void Deny(int site, object? a0, object? a1, object? a2, object? a3) => Refuse(new AuditEvent(Checked(site, 4), a0, a1, a2, a3));

    /// <summary>Raises the event of site <paramref name="site"/> with any number of arguments and refuses it.</summary>
    [DebuggerHidden]
#if NET8_0_OR_GREATER
    [StackTraceHidden]
#endif
    public void Deny(int site, object?[] arguments) => Refuse(AuditEvent.FromArray(Checked(site), arguments ?? Array.Empty<object?>()));

    /// <summary>Raises the event of site <paramref name="site"/>, with value types passed unboxed as for <c>Raise</c>, and refuses it.</summary>
    [DebuggerHidden]
#if NET8_0_OR_GREATER
    [StackTraceHidden]
#endif
    public void Deny(int site, long scalars, object? a0, object? a1, object? a2, object? a3) => Refuse(new AuditEvent(Checked(site), a0, a1, a2, a3, scalars));

    /// <summary>What the weaver recorded about a site, or null for an unknown one.</summary>
    internal SiteRecord? Record(int site)
    {
        var sites = Sites;
        return (uint)site < (uint)sites.Length ? sites[site] : null;
    }

    /// <summary>The event name of site <paramref name="site"/> (for tools and tests).</summary>
    public string EventNameOf(int site) => Checked(site).EventName;

    // The hooks see the event first (they log it, or deny it with their own exception); then the build-time rule refuses,
    // once the event log has written what it holds (log before abort). Dispatch itself skips a thread already running hooks.
    [DebuggerHidden]
#if NET8_0_OR_GREATER
    [StackTraceHidden]
#endif
    private static void Refuse(AuditEvent auditEvent)
    {
        if (HookRegistry.IsEnabled)
        {
            HookRegistry.Dispatch(auditEvent);
        }

        HookRegistry.WritePending();
        throw new AuditDeniedException(auditEvent, auditEvent.Site.DenyReason ?? "a <Deny> rule in FodyWeavers.xml forbids it at " + (auditEvent.Caller ?? "this call site") + ".");
    }

    // Woven code passes exactly the schema's arguments; a hand-written call that does not gets a record of its own.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private SiteRecord Checked(int site, int arity)
    {
        var record = Checked(site);
        return record.Arity == arity && record.Scalars == null ? record : record.WithArity(arity);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private SiteRecord Checked(int site)
    {
        var sites = Volatile.Read(ref _sites);
        return sites != null && (uint)site < (uint)sites.Length ? sites[site] : CheckedSlow(site);
    }

    private SiteRecord CheckedSlow(int site)
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
