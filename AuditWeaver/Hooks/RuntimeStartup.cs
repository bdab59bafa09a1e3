using System.Linq;
using System.Threading;

namespace AuditWeaver.Hooks;

/// <summary>
/// One-time setup of the consumers that need no code: each is configured from the environment the first time a woven
/// module loads (see <see cref="Weaving.ModuleStartup"/>) or the first time the public API is used.
/// </summary>
internal static class RuntimeStartup
{
    private static int s_initialized;

    internal static void EnsureInitialized()
    {
        if (Volatile.Read(ref s_initialized) != 0 || Interlocked.Exchange(ref s_initialized, 1) != 0)
        {
            return;
        }

        // Built-in observers before the environment's consumers, which may deny.
        foreach (var consumer in BuiltInConsumers.Create().Concat(EnvironmentConsumers.Create()))
        {
            HookRegistry.AddConsumer(consumer);
        }

        // After the consumers, so that the event log and deny list see an audit.degraded event.
        FrameworkCheck.Start();
    }
}
