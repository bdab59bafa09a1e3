using System;
using System.Globalization;
using System.IO;
using System.Reflection;
using AuditWeaver;

namespace Tests.Infrastructure;

/// <summary>What the test assembly does when started as a child process.</summary>
internal static class ChildScenarios
{
    internal static int Run(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: Tests <scenario> [arguments]");
            return 2;
        }

        switch (args[0])
        {
            case "allocations":
                return Allocations(args[1], args[2], args[3]);
            case "event-reuse":
                return EventReuseScenario.Run(args[1], args[2], args[3], args[4]);
            case "veto":
                return Veto();
            case "first-hook":
                return FirstHook();
            case "deny-rule":
                return DenyRule(args[1], args[2]);
            case "exit":
                return VerifierScenarios.Exit(args[1], deny: args.Length > 2 && args[2] == "deny");
            case "verifier":
                return VerifierScenarios.Verify(args[1], args[2]);
            case "eventsource":
                return IntegrationScenarios.EventSource();
            case "capture":
                return IntegrationScenarios.Capture();
            case "policy":
                return IntegrationScenarios.Policy(args[1], args[2], args[3]);
            case "telemetry":
                return IntegrationScenarios.Telemetry();
            case "event-log":
                return EventLogScenario.Run(args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture), int.Parse(args[4], CultureInfo.InvariantCulture));
            case "log-exit" or "log-deny" or "log-burst" or "log-rotate" or "log-values" or "log-sync":
                return LogLossScenarios.Run(args);
            case "prepare-methods":
                return MethodPreparer.Run(args[1]);
            default:
                Console.Error.WriteLine("unknown scenario " + args[0]);
                return 2;
        }
    }

    // Bytes allocated on this thread by many calls of each scenario method, woven and unwoven, with no hook added.
    private static int Allocations(string wovenPath, string unwovenPath, string existingFile)
    {
        var woven = Scenarios.Load(wovenPath, "woven");
        var unwoven = Scenarios.Load(unwovenPath, "unwoven");
        Console.WriteLine("enabled=" + Audit.IsEnabled.ToString(CultureInfo.InvariantCulture));
        var missing = Path.Combine(Path.GetDirectoryName(existingFile)!, "missing.txt");
        var cases = new (string Type, string Method, object[] Arguments)[]
        {
            ("ShapeScenarios", "Snapshot", new object[] { existingFile }),
            ("ShapeScenarios", "Ternary", new object[] { true, existingFile, missing }),
            ("ShapeScenarios", "Struct", new object[] { existingFile }),
            ("ShapeScenarios", "ByRef", new object[] { existingFile }),
            ("FileScenarios", "Exists", new object[] { missing }),
            ("FileScenarios", "GetAttributes", new object[] { existingFile }),
        };
        foreach (var (type, method, arguments) in cases)
        {
            var wovenBytes = Measure(woven, type, method, arguments);
            var unwovenBytes = Measure(unwoven, type, method, arguments);
            Console.WriteLine(type + "." + method + " woven=" + wovenBytes + " unwoven=" + unwovenBytes);
        }

        return 0;
    }

    private static long Measure(Assembly assembly, string typeName, string methodName, object[] arguments) =>
        Measure(Scenarios.Create(assembly, typeName), methodName, arguments);

    /// <summary>Bytes allocated on this thread by 1,000 calls of <paramref name="methodName"/> on <paramref name="instance"/>.</summary>
    internal static long Measure(object instance, string methodName, object[] arguments)
    {
        var method = instance.GetType().GetMethod(methodName)!;

        // Reflection allocates the same for both assemblies; warm up so that JIT and caches are out of the count.
        for (var i = 0; i < 200; i++)
        {
            method.Invoke(instance, arguments);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            method.Invoke(instance, arguments);
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    // A call site denied at build time throws even though no hook was ever added.
    private static int DenyRule(string wovenPath, string file)
    {
        var woven = Scenarios.Load(wovenPath, "deny-rule");
        Console.WriteLine("enabled=" + Audit.IsEnabled.ToString(CultureInfo.InvariantCulture));
        var files = Scenarios.Create(woven, "FileScenarios");
        try
        {
            files.GetType().GetMethod("Delete")!.Invoke(files, new object[] { file });
            Console.WriteLine("deleted");
        }
        catch (TargetInvocationException exception) when (exception.InnerException is AuditDeniedException denied)
        {
            Console.WriteLine(denied.GetType().Name + ": " + denied.Message);
        }

        return 0;
    }

    // Call sites are off until the first hook is added, and on from then.
    private static int FirstHook()
    {
        IntegrationScenarios.Report("before", Audit.IsEnabled);
        Audit.AddHook(_ => { });
        IntegrationScenarios.Report("after", Audit.IsEnabled);
        return 0;
    }

    // A hook that refuses new hooks: the second AddHook must throw and the refused hook must never run.
    private static int Veto()
    {
        var refusedRan = false;
        Audit.AddHook(e =>
        {
            if (e.Name == "audit.addhook")
            {
                throw new AuditDeniedException(e, "no more hooks");
            }
        });
        try
        {
            Audit.AddHook(_ => refusedRan = true);
            Console.WriteLine("added");
        }
        catch (AuditDeniedException exception)
        {
            Console.WriteLine("refused: " + exception.Message);
        }

        Audit.Raise("test.after", 1);
        Console.WriteLine("refused-hook-ran=" + refusedRan.ToString(CultureInfo.InvariantCulture));
        return 0;
    }
}
