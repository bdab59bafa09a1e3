extern alias plain;
extern alias woven;

using BenchmarkDotNet.Attributes;
using PlainSites = plain::AuditWeaver.Benchmarks.Workload.CallSites;
using WovenSites = woven::AuditWeaver.Benchmarks.Workload.CallSites;

namespace AuditWeaver.Benchmarks;

/// <summary>
/// Suite 1: what a woven call site costs when nothing listens. The same methods, compiled from one source, plain and
/// woven by the real Fody task, called directly; the ratio column is woven over plain within each category.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 15)]
public class CallSiteBenchmarks
{
    private readonly string? _nullPath = null;
    private BenchmarkFile? _file;
    private string _path = "";

    [GlobalSetup]
    public void Setup()
    {
        _file = new BenchmarkFile();
        _path = _file.Path;
    }

    [GlobalCleanup]
    public void Cleanup() => _file?.Dispose();

    [Benchmark(Baseline = true), BenchmarkCategory("File.Exists(null)")]
    public bool CheapPlain() => PlainSites.Cheap(_nullPath);

    [Benchmark, BenchmarkCategory("File.Exists(null)")]
    public bool CheapWoven() => WovenSites.Cheap(_nullPath);

    [Benchmark(Baseline = true, OperationsPerInvoke = 10), BenchmarkCategory("File.Exists(null) x10 in one body")]
    public int TenPlain() => PlainSites.CheapTimesTen(_nullPath);

    [Benchmark(OperationsPerInvoke = 10), BenchmarkCategory("File.Exists(null) x10 in one body")]
    public int TenWoven() => WovenSites.CheapTimesTen(_nullPath);

    [Benchmark(Baseline = true), BenchmarkCategory("File.Exists(existing)")]
    public bool ExistsPlain() => PlainSites.Exists(_path);

    [Benchmark, BenchmarkCategory("File.Exists(existing)")]
    public bool ExistsWoven() => WovenSites.Exists(_path);

    [Benchmark(Baseline = true), BenchmarkCategory("new FileStream + Dispose")]
    public void OpenPlain() => PlainSites.OpenAndClose(_path);

    [Benchmark, BenchmarkCategory("new FileStream + Dispose")]
    public void OpenWoven() => WovenSites.OpenAndClose(_path);
}
