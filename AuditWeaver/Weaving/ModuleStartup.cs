using System.ComponentModel;
using System.Diagnostics;
using AuditWeaver.Hooks;

namespace AuditWeaver.Weaving;

/// <summary>
/// Called once from the module initializer of every woven module that has audited call sites, so that consumers
/// configured without code (environment variables) are in place before the first call site runs. Idempotent and cheap
/// after the first call. Part of the binary contract with woven assemblies.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ModuleStartup
{
    /// <summary>Makes sure the runtime has read its configuration.</summary>
    [DebuggerHidden]
    public static void Run() => RuntimeStartup.EnsureInitialized();
}
