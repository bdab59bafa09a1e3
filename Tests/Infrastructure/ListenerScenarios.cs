using System;
using System.Globalization;
using AuditWeaver;
using AuditWeaver.Weaving;

namespace Tests.Infrastructure;

/// <summary>
/// Child-process scenarios for the built-in consumers: in a process with no hook, <see cref="Audit.IsEnabled"/> must
/// follow whether anyone listens.
/// </summary>
internal static class ListenerScenarios
{
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

    internal static void Report(string what, object value) =>
        Console.Write(what + "=" + Convert.ToString(value, CultureInfo.InvariantCulture) + "\n");
}
