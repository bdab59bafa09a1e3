using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using AuditWeaver;
using NUnit.Framework;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Tests.Infrastructure;

namespace Tests.Runtime;

/// <summary>The <c>AuditWeaver</c> Meter and ActivitySource, through a bare listener and through OpenTelemetry.</summary>
public class TelemetryTests
{
    private const int Threads = 4;

    [OneTimeSetUp]
    public void Hook() => AuditRecorder.EnsureHooked();

    [Test]
    public void TheCounterCountsEveryEventByCategoryAndNameOnManyThreads()
    {
        var name = EventName.Unique("telemetry");
        const int perThread = 5_000;
        using var listener = new AuditMeterListener();

        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, _ =>
        {
            for (var i = 0; i < perThread; i++)
            {
                Audit.Raise(name, i);
            }
        });

        var measurements = listener.For(name);
        Assert.That(measurements.Sum(m => m.Value), Is.EqualTo(Threads * perThread));
        Assert.That(measurements.Select(m => m.Tags["instrument"]), Is.All.EqualTo("auditweaver.events"));
        Assert.That(measurements.Select(m => m.Tags["audit.event.category"]), Is.All.EqualTo("test"));
    }

    [Test]
    public void OpenTelemetryPicksUpTheMeterByName()
    {
        var name = EventName.Unique("telemetry");
        var exported = new List<Metric>();
        using var provider = Sdk.CreateMeterProviderBuilder().AddMeter("AuditWeaver").AddInMemoryExporter(exported).Build();

        for (var i = 0; i < 3; i++)
        {
            Audit.Raise(name, i);
        }

        provider.ForceFlush();
        var total = 0L;
        foreach (var metric in exported.Where(m => m.Name == "auditweaver.events"))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                var tags = new Dictionary<string, object?>();
                foreach (var tag in point.Tags)
                {
                    tags[tag.Key] = tag.Value;
                }

                if ((string?)tags.GetValueOrDefault("audit.event.name") == name)
                {
                    Assert.That(tags["audit.event.category"], Is.EqualTo("test"));
                    total += point.GetSumLong();
                }
            }
        }

        Assert.That(total, Is.EqualTo(3));
    }

    [Test]
    public void OpenTelemetryRecordsAWovenCallSiteAsAnEventOnTheCurrentActivity()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("traced.txt", "x");
        var exported = new List<Activity>();
        using var source = new ActivitySource(EventName.Unique("telemetry"));
        using var provider = Sdk.CreateTracerProviderBuilder().AddSource("AuditWeaver", source.Name).AddInMemoryExporter(exported).Build();
        dynamic files = Woven.Create("FileScenarios");

        using (source.StartActivity("work"))
        {
            files.ReadAllText(path);
        }

        provider.ForceFlush();
        var recorded = exported.Single().Events.Single(e => e.Name == "file.open");
        var tags = recorded.Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Multiple(() =>
        {
            Assert.That(tags["audit.event.category"], Is.EqualTo("file"));
            Assert.That(tags["audit.event.arguments"], Is.EqualTo("path: \"" + path + "\", mode: \"Open\", access: \"Read\""));
            Assert.That(tags["audit.event.api"], Is.EqualTo("M:System.IO.File.ReadAllText(System.String)"));
            Assert.That(tags["audit.event.caller"], Does.StartWith("AssemblyToProcess.FileScenarios.ReadAllText"));
        });
    }

    [Test]
    public void EachThreadsActivityGetsEveryEventRaisedUnderIt()
    {
        var name = EventName.Unique("telemetry");
        const int perThread = 500;
        var exported = new List<Activity>();
        using var source = new ActivitySource(EventName.Unique("telemetry"));
        using var provider = Sdk.CreateTracerProviderBuilder().AddSource("AuditWeaver", source.Name).AddInMemoryExporter(exported).Build();

        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, thread =>
        {
            using var activity = source.StartActivity("worker")!;
            activity.SetTag("thread", thread);
            for (var i = 0; i < perThread; i++)
            {
                Audit.Raise(name, thread, i);
            }
        });

        provider.ForceFlush();
        Assert.That(exported, Has.Count.EqualTo(Threads));
        foreach (var activity in exported)
        {
            var thread = activity.GetTagItem("thread");
            var expected = Enumerable.Range(0, perThread).Select(i => thread + ", " + i);
            Assert.That(activity.Events.Where(e => e.Name == name).Select(e => e.Tags.Single(t => t.Key == "audit.event.arguments").Value), Is.EqualTo(expected));
        }
    }

    [Test]
    public void CallSitesAreEnabledOnlyWhileAMeterOrActivityListenerListens()
    {
        // A process of its own: this one has hooks, which keep call sites enabled whatever the listeners do.
        var run = Child.Run("telemetry");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Output, Is.EqualTo(
            "before=False\nmetering=True\nmeasured=1\nafter-metering=False\ntracing=True\nactivity-events=1\nafter-tracing=False\n"), run.ToString());
    }
}
