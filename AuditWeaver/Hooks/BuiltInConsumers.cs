using System.Collections.Generic;
using AuditWeaver.Diagnostics;

namespace AuditWeaver.Hooks;

/// <summary>
/// The consumers every process has, each inactive (and so free at the call sites) until something asks for events:
/// observers first, so that they see an event before anything can deny it.
/// </summary>
internal static class BuiltInConsumers
{
    internal static IEnumerable<IAuditConsumer> Create()
    {
        yield return AuditEventSource.Log;
#if NET8_0_OR_GREATER
        yield return new AuditTelemetry();
#endif

        // Captures record and may deny; they come after the observers and before the environment's consumers, so that
        // a test sees what it did even where the environment denies it.
        yield return CaptureScopes.Instance;
    }
}
