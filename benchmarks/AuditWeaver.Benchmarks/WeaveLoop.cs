using System;
using System.Globalization;

namespace AuditWeaver.Benchmarks;

/// <summary>
/// Weaving without BenchmarkDotNet, for instruction counts that load on the machine does not move (docs/performance.md):
/// <c>--weave-loop floor|weave N</c> runs the floor or the weave of System.Private.Xml N times. The count of one run is
/// the difference between two N, halved, which removes start-up and JIT.
/// </summary>
internal static class WeaveLoop
{
    internal const string Switch = "--weave-loop";

    internal static void Run(string mode, string count)
    {
        var benchmarks = new WeavingBenchmarks { Input = WeavingInputs.Framework };
        benchmarks.Setup();
        Func<long> run = mode switch
        {
            "floor" => benchmarks.ReadWrite,
            "weave" => benchmarks.ReadWeaveWrite,
            _ => throw new ArgumentException("Expected 'floor' or 'weave', not '" + mode + "'.", nameof(mode)),
        };

        for (var i = 0; i < int.Parse(count, CultureInfo.InvariantCulture); i++)
        {
            run();
        }
    }
}
