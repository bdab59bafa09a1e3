using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.Loader;

namespace AuditWeaver.Benchmarks.RuntimeAB;

/// <summary>
/// Times the woven <c>File.Exists(null)</c> of the benchmark workload against several builds of AuditWeaver.dll in one
/// process, in alternation. This machine's cores switch between two speeds from one run to the next, which moves a
/// BenchmarkDotNet result by more than a nanosecond; here every build sees the same speeds, so a difference between builds
/// of a fraction of a nanosecond shows. Each folder holds one build of AuditWeaver.dll and the woven workload, and is
/// loaded into an AssemblyLoadContext of its own: its own hook list, its own statics.
/// Usage: RuntimeAB hooks rounds folder...
/// </summary>
internal static unsafe class Program
{
    private const int CallsPerRound = 5_000_000;
    private const int WarmupRounds = 6;
    private const string RuntimeFile = "AuditWeaver.dll";
    private const string WorkloadFile = "AuditWeaver.Benchmarks.Workload.Woven.dll";

    private static int Main(string[] args)
    {
        if (args.Length < 3 || !int.TryParse(args[0], out var hooks) || !int.TryParse(args[1], out var rounds) || rounds <= WarmupRounds)
        {
            Console.Error.WriteLine($"usage: RuntimeAB <hooks> <rounds, more than {WarmupRounds}> <build folder>...");
            return 2;
        }

        var folders = args.Skip(2).ToArray();
        foreach (var folder in folders)
        {
            foreach (var file in new[] { RuntimeFile, WorkloadFile })
            {
                if (!File.Exists(Path.Combine(folder, file)))
                {
                    Console.Error.WriteLine($"error: {folder}: has no {file}; each folder holds one build of the runtime and the woven workload (benchmarks/runtime-ab.sh makes them)");
                    return 2;
                }
            }
        }

        var calls = folders.Select(folder => Load(folder, hooks)).ToArray();
        var times = folders.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var build = 0; build < calls.Length; build++)
            {
                var call = (delegate*<string?, bool>)calls[build];
                var watch = Stopwatch.StartNew();
                for (var i = 0; i < CallsPerRound; i++)
                {
                    call(null);
                }

                watch.Stop();
                if (round >= WarmupRounds)
                {
                    times[build].Add(watch.Elapsed.TotalNanoseconds / CallsPerRound);
                }
            }
        }

        Console.WriteLine($"ns per woven File.Exists(null) with {hooks} no-op hook(s), {rounds - WarmupRounds} rounds of {CallsPerRound:N0} calls per build");
        var first = Summary(times[0]);
        for (var build = 0; build < folders.Length; build++)
        {
            var (min, p10, median) = Summary(times[build]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {folders[build]}: min {min:F2}  p10 {p10:F2}  median {median:F2}  (median {median - first.Median:+0.00;-0.00} vs the first)"));
        }

        return 0;
    }

    // The workload's Cheap(string) of this build, with the hooks added; the hook is a closed instance delegate like a
    // C# lambda's, bound to a method taking object (delegate parameters are contravariant for reference types).
    private static IntPtr Load(string folder, int hooks)
    {
        var context = new AssemblyLoadContext(folder);
        var runtime = context.LoadFromAssemblyPath(Path.GetFullPath(Path.Combine(folder, RuntimeFile)));
        var workload = context.LoadFromAssemblyPath(Path.GetFullPath(Path.Combine(folder, WorkloadFile)));
        var hookType = typeof(Action<>).MakeGenericType(runtime.GetType("AuditWeaver.AuditEvent", throwOnError: true)!);
        var hook = Delegate.CreateDelegate(hookType, new NoOpHook(), typeof(NoOpHook).GetMethod(nameof(NoOpHook.OnEvent))!);
        var addHook = runtime.GetType("AuditWeaver.Audit", throwOnError: true)!.GetMethod("AddHook", new[] { hookType })!;
        for (var i = 0; i < hooks; i++)
        {
            addHook.Invoke(null, new object[] { hook });
        }

        return workload.GetType("AuditWeaver.Benchmarks.Workload.CallSites", throwOnError: true)!.GetMethod("Cheap")!.MethodHandle.GetFunctionPointer();
    }

    private static (double Min, double P10, double Median) Summary(List<double> times)
    {
        var sorted = times.OrderBy(t => t).ToList();
        return (sorted[0], sorted[sorted.Count / 10], sorted[sorted.Count / 2]);
    }

    private sealed class NoOpHook
    {
        public void OnEvent(object? auditEvent)
        {
        }
    }
}
