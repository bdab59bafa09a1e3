using System.IO;
using System.Runtime.CompilerServices;

namespace AuditWeaver.Benchmarks.Workload;

/// <summary>
/// The code under measurement, compiled twice from this one file: plain (Workload.Plain) and woven by the real Fody task
/// (Workload.Woven). Every method is NoInlining so that the woven and the plain copy are called the same way and differ
/// only by what the weaver wrote into their bodies.
/// </summary>
public static class CallSites
{
    /// <summary>
    /// File.Exists(null) returns false before touching the file system: a cataloged call whose own cost is a few
    /// nanoseconds, so a call site's overhead is not hidden by the API's.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool Cheap(string? path) => File.Exists(path);

    /// <summary>Ten call sites in one body: the per-site overhead without the cost of calling the method.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int CheapTimesTen(string? path)
    {
        var found = 0;
        found += File.Exists(path) ? 1 : 0;
        found += File.Exists(path) ? 1 : 0;
        found += File.Exists(path) ? 1 : 0;
        found += File.Exists(path) ? 1 : 0;
        found += File.Exists(path) ? 1 : 0;
        found += File.Exists(path) ? 1 : 0;
        found += File.Exists(path) ? 1 : 0;
        found += File.Exists(path) ? 1 : 0;
        found += File.Exists(path) ? 1 : 0;
        found += File.Exists(path) ? 1 : 0;
        return found;
    }

    /// <summary>A real probe: one stat system call on an existing file.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool Exists(string path) => File.Exists(path);

    /// <summary>A real open and close of an existing file (event file.open with three arguments).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void OpenAndClose(string path) => new FileStream(path, FileMode.Open, FileAccess.Read).Dispose();
}
