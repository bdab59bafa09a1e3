using System.Collections.Generic;

namespace AuditWeaver.Hooks;

/// <summary>
/// The consumers the environment asks for (for example a JSON-lines event log), in the order they must run: loggers
/// before anything that denies.
/// </summary>
internal static class EnvironmentConsumers
{
    internal static IEnumerable<IAuditConsumer> Create()
    {
        yield break;
    }
}
