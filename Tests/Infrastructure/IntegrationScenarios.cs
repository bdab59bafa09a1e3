using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Globalization;
using AuditWeaver;
using AuditWeaver.Weaving;

namespace Tests.Infrastructure;

/// <summary>
/// Child-process scenarios for the runtime integrations: in a process with no hook, <see cref="Audit.IsEnabled"/> must
/// follow whether anyone listens; an installed policy is a hook for the rest of the process.
/// </summary>
internal static class IntegrationScenarios
{
    // Far longer than the runtime's watch period; only a failure waits this long.
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(30);

    // The EventSource enables call sites while an EventListener has it enabled, and only then.
    internal static int EventSource()
    {
        // What a woven module's initializer does first.
        ModuleStartup.Run();
        Report("before", Audit.IsEnabled);
        using (var listener = new AuditEventListener())
        {
            Report("listening", Audit.IsEnabled);
            Audit.Raise("test.child", 1);
            Report("received", listener.Named("test.child").Count);
        }

        Report("after", Audit.IsEnabled);
        return 0;
    }

    // The Meter and the ActivitySource enable call sites while a listener listens; nothing tells them, so this waits.
    internal static int Telemetry()
    {
        ModuleStartup.Run();
        Report("before", Audit.IsEnabled);
        using (var meter = new AuditMeterListener())
        {
            Report("metering", SpinWait.SpinUntil(() => Audit.IsEnabled, s_patience));
            Audit.Raise("test.child", 1);
            Report("measured", meter.For("test.child").Sum(m => m.Value));
        }

        Report("after-metering", !SpinWait.SpinUntil(() => !Audit.IsEnabled, s_patience));
        using var source = new ActivitySource("Tests.Child");
        using (var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "AuditWeaver" or "Tests.Child",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        })
        {
            ActivitySource.AddActivityListener(listener);
            Report("tracing", SpinWait.SpinUntil(() => Audit.IsEnabled, s_patience));
            using var activity = source.StartActivity("work")!;
            Audit.Raise("test.child", 2);
            Report("activity-events", activity.Events.Count(e => e.Name == "test.child"));
        }

        Report("after-tracing", !SpinWait.SpinUntil(() => !Audit.IsEnabled, s_patience));
        return 0;
    }

    // An open Audit.Capture enables call sites, and closing the last one disables them again.
    internal static int Capture()
    {
        ModuleStartup.Run();
        Report("before", Audit.IsEnabled);
        using (var capture = Audit.Capture())
        {
            Report("capturing", Audit.IsEnabled);
            Audit.Raise("test.child", 1);
            Report("captured", capture.Events.Count);
        }

        Report("after", Audit.IsEnabled);
        return 0;
    }

    // A policy from a JSON file installed as the process's hook, denying a woven delete with its default reporting.
    internal static int Policy(string policyFile, string wovenAssembly, string path)
    {
        Audit.AddHook(new AuditWeaver.Policies.AuditPolicyBuilder().AddJsonFile(policyFile).Build().Enforce);
        dynamic files = Scenarios.Create(Scenarios.Load(wovenAssembly, "policy"), "FileScenarios");
        try
        {
            files.Delete(path);
            Console.Write("deleted\n");
        }
        catch (AuditDeniedException denied)
        {
            Console.Write("denied: " + denied.Message + "\n");
        }

        return 0;
    }

    internal static void Report(string what, object value) =>
        Console.Write(what + "=" + Convert.ToString(value, CultureInfo.InvariantCulture) + "\n");
}
