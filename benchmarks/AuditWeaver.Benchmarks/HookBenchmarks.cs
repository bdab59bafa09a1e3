extern alias woven;

using System;
using BenchmarkDotNet.Attributes;
using WovenSites = woven::AuditWeaver.Benchmarks.Workload.CallSites;

namespace AuditWeaver.Benchmarks;

/// <summary>
/// Suites 2 and 3: the cost of one event with 0, 1, 10 and 100 no-op hooks, argument capture included. Hooks cannot be
/// removed, so this class relies on BenchmarkDotNet's default toolchain running every case in a process of its own;
/// never run it in process.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 15)]
public class HookBenchmarks
{
    private static readonly Action<AuditEvent> s_noOp = _ => { };

    private readonly string? _nullPath = null;
    private BenchmarkFile? _file;
    private string _path = "";

    [Params(0, 1, 10, 100)]
    public int Hooks { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _file = new BenchmarkFile();
        _path = _file.Path;
        for (var i = 0; i < Hooks; i++)
        {
            Audit.AddHook(s_noOp);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _file?.Dispose();

    /// <summary>A woven File.Exists(null): event file.stat(path, query), so capture is two references.</summary>
    [Benchmark, BenchmarkCategory("woven File.Exists(null)")]
    public bool WovenCheap() => WovenSites.Cheap(_nullPath);

    /// <summary>A woven new FileStream: event file.open(path, mode, access), two enums captured as their names.</summary>
    [Benchmark, BenchmarkCategory("woven new FileStream + Dispose")]
    public void WovenOpen() => WovenSites.OpenAndClose(_path);

    /// <summary>The analogue of CPython's sys.audit("bench.event", "arg"): a user event through Audit.Raise.</summary>
    [Benchmark, BenchmarkCategory("Audit.Raise (sys.audit)")]
    public void UserRaise() => Audit.Raise("bench.event", "arg");
}
