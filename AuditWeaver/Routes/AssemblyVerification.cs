using System;
using System.IO;
using System.Threading;
using AuditWeaver.Hooks;
using AuditWeaver.Weaving;

namespace AuditWeaver.Routes;

/// <summary>
/// PEP 578's verified open hook for .NET: one verifier, set once, consulted before every audited load of an assembly or
/// native library. Loads from bytes or a stream are verified and loaded from the same private copy, so nothing can
/// change between the check and the load. Loads by path cannot be moved to bytes without changing what they mean (the
/// assembly's Location, its load context, where its dependencies are found), so for them the gap between the check and
/// the load remains; docs/runtime.md says so and a test shows it.
/// </summary>
internal static class AssemblyVerification
{
    private static Func<AssemblyLoadRequest, bool>? s_verifier;

    internal static bool IsSet => Volatile.Read(ref s_verifier) != null;

    internal static void Set(Func<AssemblyLoadRequest, bool> verifier)
    {
        if (Interlocked.CompareExchange(ref s_verifier, verifier, null) != null)
        {
            throw new InvalidOperationException("An assembly verifier is already set; it can be set only once and never replaced.");
        }
    }

    /// <summary>Checks a load by path (a string that is a path) or by name (an AssemblyName, or a string that is not).</summary>
    internal static void VerifyPath(SiteTable? table, int site, object? target)
    {
        if (Volatile.Read(ref s_verifier) == null || target == null)
        {
            return;
        }

        var api = Api(table, site);
        var isPath = target is string text && (text.IndexOf(Path.DirectorySeparatorChar) >= 0 || text.IndexOf(Path.AltDirectorySeparatorChar) >= 0 || text.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) || text.EndsWith(".so", StringComparison.OrdinalIgnoreCase) || text.EndsWith(".dylib", StringComparison.OrdinalIgnoreCase) || text.EndsWith(".exe", StringComparison.OrdinalIgnoreCase));
        Check(isPath ? new AssemblyLoadRequest(api, (string)target, null, null) : new AssemblyLoadRequest(api, null, null, target.ToString()));
    }

    internal static object? VerifiedBytes(SiteTable? table, int site, object? bytes)
    {
        if (bytes is not byte[] original || Volatile.Read(ref s_verifier) == null)
        {
            return bytes;
        }

        var copy = (byte[])original.Clone();
        Check(new AssemblyLoadRequest(Api(table, site), null, copy, null));
        return copy;
    }

    internal static object? VerifiedStream(SiteTable? table, int site, object? stream)
    {
        if (stream is not Stream source || Volatile.Read(ref s_verifier) == null)
        {
            return stream;
        }

        using var buffer = new MemoryStream();
        source.CopyTo(buffer);
        var copy = buffer.ToArray();
        Check(new AssemblyLoadRequest(Api(table, site), null, copy, null));
        return new MemoryStream(copy, writable: false);
    }

    private static void Check(AssemblyLoadRequest request)
    {
        if (!Volatile.Read(ref s_verifier)!(request))
        {
            HookRegistry.WritePending();
            throw new AssemblyVerificationException(request);
        }
    }

    private static string Api(SiteTable? table, int site) => table?.Record(site)?.Api ?? "unknown";
}
