using System;
using System.Globalization;
using System.IO;
using System.Reflection;
using System.Threading;
using AuditWeaver;

namespace Tests.Infrastructure;

/// <summary>
/// A woven program with no code of its own for auditing: whatever AUDITWEAVER_LOG and AUDITWEAVER_DENY ask for is all
/// there is. Many threads probe files at once, then one deletion is attempted.
/// </summary>
internal static class EventLogScenario
{
    /// <summary>The first file probed: its path has every kind of character JSON escapes.</summary>
    internal const string FirstName = "first \"quoted\" \\ \t\u0001\u007f\u0085";

    internal static int Run(string wovenPath, string folder, int threads, int perThread)
    {
        var files = Scenarios.Create(Scenarios.Load(wovenPath, "event-log"), "FileScenarios");
        var type = files.GetType();

        // Calling into the woven module runs its initializer, which reads the environment.
        var exists = type.GetMethod("Exists")!;
        exists.Invoke(files, new object[] { Path.Combine(folder, FirstName) });
        Console.WriteLine("enabled=" + Audit.IsEnabled.ToString(CultureInfo.InvariantCulture));

        using var start = new Barrier(threads);
        var workers = new Thread[threads];
        for (var t = 0; t < threads; t++)
        {
            var thread = t;
            workers[t] = new Thread(() =>
            {
                start.SignalAndWait();
                for (var i = 0; i < perThread; i++)
                {
                    exists.Invoke(files, new object[] { Path.Combine(folder, thread.ToString(CultureInfo.InvariantCulture) + "-" + i.ToString(CultureInfo.InvariantCulture)) });
                }
            });
            workers[t].Start();
        }

        foreach (var worker in workers)
        {
            worker.Join();
        }

        try
        {
            type.GetMethod("Delete")!.Invoke(files, new object[] { Path.Combine(folder, "kept.txt") });
            Console.WriteLine("deleted");
        }
        catch (TargetInvocationException exception) when (exception.InnerException is AuditDeniedException denied)
        {
            Console.WriteLine("denied: " + denied.Message);
        }

        return 0;
    }
}
