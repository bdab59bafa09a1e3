using System;
using System.Reflection;
using AuditWeaver;
using Tests.Infrastructure;

namespace Tests.Weaving.Dlr;

/// <summary>
/// The child process of <see cref="ScriptHostTests"/>: runs one script line through the woven host with no hook added,
/// so only what the environment (AUDITWEAVER_DENY) configures can refuse it.
/// </summary>
internal static class ScriptHostChild
{
    internal static int Run(string wovenPath, string line)
    {
        var host = Scenarios.Create(Scenarios.Load(wovenPath, "dlr-script"), "Dlr.ScriptHost");
        try
        {
            var result = host.GetType().GetMethod("Run")!.Invoke(host, new object[] { line });
            (result as IDisposable)?.Dispose();
            Console.WriteLine("ran");
        }
        catch (TargetInvocationException exception) when (exception.InnerException is AuditDeniedException denied)
        {
            Console.WriteLine(denied.GetType().Name + ": " + denied.Event?.Name + ": " + denied.Message);
        }

        return 0;
    }
}
