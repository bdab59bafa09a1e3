using System;
using System.IO;
using System.Linq;
using AuditWeaver.Fody.Engine;
using BenchmarkDotNet.Attributes;
using Mono.Cecil;

namespace AuditWeaver.Benchmarks;

/// <summary>
/// Suite 5: weaving throughput against its floor, Cecil reading and writing the same module with no edit. Inputs are
/// in memory and outputs go to memory, so the disk is not measured; symbols are not read (the framework has none).
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 9)]
[Config(typeof(WeavingConfig))]
public class WeavingBenchmarks
{
    private readonly MemoryStream _output = new();
    private ModuleImage? _image;
    private WeaverOptions? _large;

    /// <summary>A large ReadyToRun framework assembly, and the repository's own scenario assembly.</summary>
    [Params(WeavingInputs.Framework, WeavingInputs.Scenarios)]
    public string Input { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _image = new ModuleImage(WeavingInputs.PathOf(Input));
        _large = LargeCatalog.Options();
        var module = _image.Read();
        var methods = module.GetTypes().SelectMany(t => t.Methods).Where(m => m.HasBody).ToList();
        // Printed into the log: methods/s in docs/performance.md is these counts over the measured times.
        Console.WriteLine(
            "// " + Input + ": " + _image.Length + " bytes on disk, " + methods.Count + " methods with bodies, "
            + methods.Sum(m => (long)m.Body.CodeSize) + " bytes of IL, "
            + new AuditWeavingEngine(new WeaverOptions(), ThrowingLog.Instance).Weave(module).Sites.Count + " call sites woven");
    }

    [Benchmark(Baseline = true)]
    public long ReadWrite() => Write(_image!.Read());

    [Benchmark]
    public long ReadWeaveWrite()
    {
        var module = _image!.Read();
        new AuditWeavingEngine(new WeaverOptions(), ThrowingLog.Instance).Weave(module);
        return Write(module);
    }

    [Benchmark]
    public long ReadWeaveWriteLargeCatalog()
    {
        var module = _image!.Read();
        new AuditWeavingEngine(_large!, ThrowingLog.Instance).Weave(module);
        return Write(module);
    }

    private long Write(ModuleDefinition module)
    {
        _output.SetLength(0);
        ModuleImage.Write(module, _output);
        module.Dispose();
        return _output.Length;
    }
}
