using BenchmarkDotNet.Configs;

namespace AuditWeaver.Benchmarks;

/// <summary>The weaving benchmark's own addition to the suite's configuration: the throughput column.</summary>
internal sealed class WeavingConfig : ManualConfig
{
    public WeavingConfig()
    {
        AddColumn(new MethodsPerSecondColumn());
    }
}
