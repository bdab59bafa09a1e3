using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using AuditWeaver;
using AuditWeaver.Policies;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

// `AotSample events SECONDS`: no hook at all, audited file operations for that long, for dotnet-trace and
// dotnet-counters to observe through the EventSource and the Meter alone.
if (args is ["events", var seconds])
{
    RaiseFor(TimeSpan.FromSeconds(int.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture)));
    return;
}

// OpenTelemetry as a user wires it: the app's own source and AuditWeaver's, AuditWeaver's meter, in-memory exporters.
var spans = new List<Activity>();
var metrics = new List<Metric>();
using var app = new ActivitySource("AotSample");
using var tracing = Sdk.CreateTracerProviderBuilder().AddSource("AotSample").AddSource("AuditWeaver").AddInMemoryExporter(spans).Build();
using var metering = Sdk.CreateMeterProviderBuilder().AddMeter("AuditWeaver").AddInMemoryExporter(metrics).Build();

// Each line below is checked by .ci/aot-diagnostics.sh.
Audit.AddHook(e => Console.WriteLine("audit> " + e.Name + " " + e.Caller));
var policy = new AuditPolicyBuilder()
    .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "policy.json"))
    .OnDenied((e, reason) => Console.WriteLine("policy> denied " + e.Name + ": " + reason))
    .Build();
Audit.AddHook(policy.Enforce);

var folder = Directory.CreateTempSubdirectory("auditweaver-aot-").FullName;
var path = Path.Combine(folder, "hello.txt");
using (var span = app.StartActivity("write"))
using (var capture = Audit.Capture())
{
    File.WriteAllText(path, "hello from a NativeAOT program");
    Console.WriteLine("captured: " + string.Join(", ", capture.Events.Select(e => e.Name)));
}

try
{
    File.Delete(path);
}
catch (AuditDeniedException denied)
{
    Console.WriteLine("denied: " + denied.Message);
}

Console.WriteLine("file still exists: " + File.Exists(path));

tracing.ForceFlush();
foreach (var span in spans)
{
    foreach (var e in span.Events)
    {
        Console.WriteLine("span " + span.DisplayName + " event: " + e.Name + " " + string.Join(" ", e.Tags.Select(t => t.Key + "=" + t.Value)));
    }
}

metering.ForceFlush();
foreach (var metric in metrics.Where(m => m.MeterName == "AuditWeaver"))
{
    foreach (ref readonly var point in metric.GetMetricPoints())
    {
        var tags = new List<string>();
        foreach (var tag in point.Tags)
        {
            tags.Add(tag.Key + "=" + tag.Value);
        }

        Console.WriteLine("metric " + metric.Name + " " + string.Join(" ", tags) + " sum=" + point.GetSumLong());
    }
}

Directory.Delete(folder, recursive: true);

static void RaiseFor(TimeSpan duration)
{
    var folder = Directory.CreateTempSubdirectory("auditweaver-events-").FullName;
    var path = Path.Combine(folder, "tick.txt");
    var clock = Stopwatch.StartNew();
    var count = 0;
    while (clock.Elapsed < duration)
    {
        File.WriteAllText(path, "tick " + count++);
        Thread.Sleep(100);
    }

    Directory.Delete(folder, recursive: true);
    Console.WriteLine("wrote " + count + " times");
}
