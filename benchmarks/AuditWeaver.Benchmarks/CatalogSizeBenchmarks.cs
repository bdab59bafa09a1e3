using System;
using System.IO;
using AuditWeaver.Fody.Engine;
using BenchmarkDotNet.Attributes;

namespace AuditWeaver.Benchmarks;

/// <summary>
/// Suite 4: the same call site woven with the built-in catalog alone and with a thousand custom APIs configured as
/// FodyWeavers.xml &lt;Api&gt; entries. The catalog is a weave-time table; the per-call cost must not move. Both copies are woven in setup and called the same way (a direct
/// function-pointer call), so the ratio compares like with like.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 15)]
public unsafe class CatalogSizeBenchmarks
{
    private static readonly Action<AuditEvent> s_noOp = _ => { };

    private readonly string? _nullPath = null;
    private string _folder = "";
    private delegate*<string?, bool> _builtIn;
    private delegate*<string?, bool> _large;

    [Params(0, 1)]
    public int Hooks { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("auditweaver-bench-").FullName;
        var builtIn = WovenAtRunTime.Load(new WeaverOptions(), "Workload.BuiltInCatalog", _folder);
        var large = WovenAtRunTime.Load(LargeCatalog.Options(), "Workload.LargeCatalog", _folder);
        var builtInMethod = WovenAtRunTime.Method(builtIn, "Cheap");
        var largeMethod = WovenAtRunTime.Method(large, "Cheap");

        // The premise of the comparison: the catalog decides what is woven, never how, so both bodies are the same IL.
        if (!builtInMethod.GetMethodBody()!.GetILAsByteArray()!.AsSpan().SequenceEqual(largeMethod.GetMethodBody()!.GetILAsByteArray()))
        {
            throw new InvalidOperationException("The two catalogs wove different IL for the same call site.");
        }

        _builtIn = WovenAtRunTime.EntryPoint(builtInMethod);
        _large = WovenAtRunTime.EntryPoint(largeMethod);
        for (var i = 0; i < Hooks; i++)
        {
            Audit.AddHook(s_noOp);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    [Benchmark(Baseline = true)]
    public bool BuiltInCatalog() => _builtIn(_nullPath);

    [Benchmark]
    public bool ThousandMoreEntries() => _large(_nullPath);
}
