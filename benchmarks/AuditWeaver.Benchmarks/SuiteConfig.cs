using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;

namespace AuditWeaver.Benchmarks;

/// <summary>
/// Columns and diagnosers every benchmark class shares. Jobs are set per class: nanosecond call sites and second-long
/// weaving runs want different iteration counts.
/// </summary>
internal static class SuiteConfig
{
    internal static IConfig Create() =>
        DefaultConfig.Instance
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(StatisticColumn.Median)
            .AddColumn(CategoriesColumn.Default)
            .AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory)
            // BenchmarkDotNet's two minutes for building a benchmark's process are not enough on a loaded shared machine.
            .WithBuildTimeout(System.TimeSpan.FromMinutes(15));
}
