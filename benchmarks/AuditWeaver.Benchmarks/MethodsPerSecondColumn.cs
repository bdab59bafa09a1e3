using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace AuditWeaver.Benchmarks;

/// <summary>Weaving throughput in the summary itself: the input's methods with bodies over the median time of a run.</summary>
internal sealed class MethodsPerSecondColumn : IColumn
{
    public string Id => nameof(MethodsPerSecondColumn);

    public string ColumnName => "Methods/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Methods with a body in the input, divided by the median time of one run";

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var statistics = summary[benchmarkCase]?.ResultStatistics;
        if (statistics == null || benchmarkCase.Parameters[nameof(WeavingBenchmarks.Input)] is not string input)
        {
            return "-";
        }

        var seconds = statistics.Median / 1e9;
        return (WeavingInputs.MethodCount(input) / seconds).ToString("N0", CultureInfo.InvariantCulture);
    }
}
