extern alias woven;

using System;
using BenchmarkDotNet.Attributes;
using WovenSites = woven::AuditWeaver.Benchmarks.Workload.CallSites;

namespace AuditWeaver.Benchmarks;

/// <summary>
/// One event (woven File.Exists(null)) with one hook of each kind the runtime tells apart: a hook that only reads its
/// event, whose call sites refill one event object per thread, and a hook that keeps it, which gets a fresh object per
/// event (HookInspection). HookBenchmarks' no-op hook is of the first kind. Every case runs in a process of its own.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 15)]
public class HookShapeBenchmarks
{
    private static AuditEvent? s_latest;

    private readonly string? _nullPath = null;

    [Params("reads", "keeps")]
    public string Hook { get; set; } = "reads";

    [GlobalSetup]
    public void Setup() => Audit.AddHook(Hook == "keeps" ? Keep : Read);

    [GlobalCleanup]
    public void Cleanup() => GC.KeepAlive(s_latest);

    /// <summary>A woven File.Exists(null): event file.stat(path, query).</summary>
    [Benchmark]
    public bool WovenCheap() => WovenSites.Cheap(_nullPath);

    // A filter: denies nothing here, but looks at the name as a deny rule would.
    private static void Read(AuditEvent auditEvent)
    {
        if (auditEvent.Name.Length == 0)
        {
            throw new AuditDeniedException("unnamed event");
        }
    }

    // Keeps the latest event, as a hook that hands events to another thread or a buffer does.
    private static void Keep(AuditEvent auditEvent) => s_latest = auditEvent;
}
