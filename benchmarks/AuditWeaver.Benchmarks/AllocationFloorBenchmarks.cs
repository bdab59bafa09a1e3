using BenchmarkDotNet.Attributes;

namespace AuditWeaver.Benchmarks;

/// <summary>
/// The floor under an event with a hook: allocating one object the size of an AuditEvent (64 bytes) and one of 48, on
/// this machine, with nothing else (docs/performance.md, section 8). Two references stored and the rest null, as in the
/// event of a two-argument site; the objects are returned so that they are made.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 15)]
public class AllocationFloorBenchmarks
{
    private readonly object _value = new();

    /// <summary>Header and four references: 48 bytes.</summary>
    [Benchmark]
    public object Allocate48() => new FourReferences(_value);

    /// <summary>Header and six 8-byte fields, the size of AuditEvent: 64 bytes.</summary>
    [Benchmark(Baseline = true)]
    public object Allocate64() => new SixReferences(_value);

    private sealed class FourReferences(object first)
    {
        public readonly object? A = first, B = first, C = null, D = null;
    }

    private sealed class SixReferences(object first)
    {
        public readonly object? A = first, B = first, C = null, D = null, E = null, F = null;
    }
}
