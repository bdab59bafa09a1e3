extern alias plain;
extern alias woven;

using System;
using System.Diagnostics.Metrics;
using System.Diagnostics.Tracing;
using System.IO;
using System.Threading;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PlainSites = plain::AuditWeaver.Benchmarks.Workload.CallSites;
using WovenSites = woven::AuditWeaver.Benchmarks.Workload.CallSites;

namespace AuditWeaver.Benchmarks;

/// <summary>
/// Issue 14: what one event costs on the raising thread with each consumer a production process turns on, side by side
/// in one run, each case in a process of its own (consumers cannot be removed): the woven File.Exists(null) against
/// the same call unwoven, and Audit.Raise. The log case writes a real file in the temp folder, from which the writer
/// thread is not excluded: the figure is the raising thread's, the disk's work runs beside it.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 15, invocationCount: 131_072)]
public class SinkBenchmarks
{
    private const int WarmUpCalls = 50_000;

    private static long s_counted;

    private readonly string? _nullPath = null;
    private string? _log;
    private IDisposable? _listener;
    private ServiceProvider? _services;

    /// <summary>What consumes the events.</summary>
    public enum Consumer
    {
        /// <summary>Nothing: the quiet path.</summary>
        None,

        /// <summary>One no-op hook.</summary>
        Hook,

        /// <summary>AUDITWEAVER_LOG to a file in the temp folder.</summary>
        Log,

        /// <summary>An EventListener session with the AuditWeaver EventSource enabled.</summary>
        EventListener,

        /// <summary>services.AddAuditLogging() with one logger provider that formats each message and drops it.</summary>
        ILogger,

        /// <summary>A MeterListener on the auditweaver.events counter.</summary>
        MeterListener,
    }

    [Params(Consumer.None, Consumer.Hook, Consumer.Log, Consumer.EventListener, Consumer.ILogger, Consumer.MeterListener)]
    public Consumer Sink { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        switch (Sink)
        {
            case Consumer.Hook:
                Audit.AddHook(_ => { });
                break;
            case Consumer.Log:
                // Read once, when the runtime starts: before the first woven call or use of Audit.
                _log = Path.Combine(Path.GetTempPath(), "auditweaver-bench-" + Guid.NewGuid().ToString("N") + ".jsonl");
                Environment.SetEnvironmentVariable("AUDITWEAVER_LOG", _log);
                break;
            case Consumer.EventListener:
                _listener = new AuditListener();
                break;
            case Consumer.ILogger:
                _services = new ServiceCollection()
                    .AddLogging(logging => logging.AddProvider(new FormattingProvider()))
                    .AddAuditLogging()
                    .BuildServiceProvider();
                _ = _services.GetRequiredService<ILoggerFactory>().CreateLogger("warm-up");
                break;
            case Consumer.MeterListener:
                var meters = new MeterListener { InstrumentPublished = (instrument, listener) => { if (instrument.Meter.Name == "AuditWeaver") listener.EnableMeasurementEvents(instrument); } };
                meters.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref s_counted, value));
                meters.Start();
                _listener = meters;
                break;
        }

        Audit.Raise("bench.setup");
        if (Sink == Consumer.MeterListener)
        {
            // The runtime notices a MeterListener within a second of starting (nothing tells it sooner).
            Thread.Sleep(2500);
        }

        // With a fixed invocation count, a cheap case's warm-up iterations last a fraction of a second: less than the
        // runtime takes to move the dispatch code through its tiers (run 14 caught one case at 100 ns per event for 11
        // of its 15 iterations, then 20 ns). So every body runs here first, twice, with time for each tier-up to finish.
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < WarmUpCalls; i++)
            {
                Plain();
                Woven();
                Raise();
            }

            Thread.Sleep(500);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _listener?.Dispose();
        _services?.Dispose();
        if (_log != null)
        {
            File.Delete(_log);
        }
    }

    [Benchmark(Baseline = true), BenchmarkCategory("File.Exists(null)")]
    public bool Plain() => PlainSites.Cheap(_nullPath);

    [Benchmark, BenchmarkCategory("File.Exists(null)")]
    public bool Woven() => WovenSites.Cheap(_nullPath);

    [Benchmark, BenchmarkCategory("Audit.Raise (sys.audit)")]
    public void Raise() => Audit.Raise("bench.event", "arg");

    private sealed class AuditListener : EventListener
    {
        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "AuditWeaver")
            {
                EnableEvents(eventSource, EventLevel.Informational);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData) => Interlocked.Increment(ref s_counted);
    }

    private sealed class FormattingProvider : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public void Dispose()
        {
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Interlocked.Add(ref s_counted, formatter(state, exception).Length);
    }
}
