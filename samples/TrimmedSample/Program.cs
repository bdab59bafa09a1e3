using System;
using System.Diagnostics.Metrics;
using System.IO;
using System.Linq;
using AuditWeaver;
using AuditWeaver.Policies;

// After trimming, every integration must still work: each line below is checked by CI.
var counted = 0L;
using var meters = new MeterListener();
meters.InstrumentPublished = (instrument, listener) =>
{
    if (instrument.Meter.Name == "AuditWeaver")
    {
        listener.EnableMeasurementEvents(instrument);
    }
};
meters.SetMeasurementEventCallback<long>((_, value, _, _) => counted += value);
meters.Start();

Audit.AddHook(e => Console.WriteLine("audit> " + e));
var policy = new AuditPolicyBuilder()
    .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "policy.json"))
    .OnDenied((e, reason) => Console.WriteLine("policy> denied " + e.Name + ": " + reason))
    .Build();
Audit.AddHook(policy.Enforce);

var folder = Directory.CreateTempSubdirectory("auditweaver-trimmed-").FullName;
var path = Path.Combine(folder, "hello.txt");
using (var capture = Audit.Capture())
{
    File.WriteAllText(path, "hello from a trimmed program");
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
Console.WriteLine("counted: " + (counted > 0));
Directory.Delete(folder, recursive: true);
