using System.Collections.Generic;
using AuditWeaver.Fody.Configuration;
using AuditWeaver.Fody.Engine;
using AuditWeaver.Tool.Inputs;
using Mono.Cecil;

namespace AuditWeaver.Tool.Processing;

/// <summary>
/// Weaves one module as the Fody front does (<see cref="AssemblyWeaving"/>), and adds what only the tool can know: the
/// references its resolver could not find, without which the assembly cannot be fully inspected.
/// </summary>
internal static class EngineRunner
{
    internal static WeaveOutcome Run(ModuleDefinition module, ConfigurationResult configuration, ToolAssemblyResolver resolver)
    {
        resolver.TakeMissing();
        var outcome = AssemblyWeaving.Weave(module, configuration);
        var missing = resolver.TakeMissing();
        if (missing.Count == 0)
        {
            return outcome;
        }

        var text = "references " + string.Join("; ", missing) + (missing.Count == 1 ? ", which is" : ", which are") + " not in " + string.Join(", ", resolver.Directories)
            + "; without " + (missing.Count == 1 ? "it" : "them") + " the assembly cannot be fully inspected. Put " + (missing.Count == 1 ? "it" : "them") + " next to the assembly or pass --reference <folder>.";
        return outcome.With(new List<WeaveMessage> { new(WeaveMessageKind.Front, DiagnosticSeverity.Error, text) });
    }
}
