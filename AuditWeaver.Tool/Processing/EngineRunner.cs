using System;
using System.Collections.Generic;
using System.Linq;
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
    internal static WeaveOutcome Run(ModuleDefinition module, ConfigurationResult configuration, ToolAssemblyResolver resolver, bool frameworkAssembly = false, Action<MethodDefinition>? examined = null)
    {
        resolver.TakeMissing();
        resolver.TakeDamaged();
        var outcome = AssemblyWeaving.Weave(module, configuration, frameworkAssembly, examined);
        var missing = resolver.TakeMissing();
        var damaged = resolver.TakeDamaged();
        if (missing.Count == 0)
        {
            return outcome;
        }

        // The engine may have stopped on one of them ("could not resolve X"), which says less than what follows: one line.
        var kept = outcome.Messages.Where(m => !(m.Kind == WeaveMessageKind.Engine && m.Text.StartsWith("could not resolve ", StringComparison.Ordinal))).ToList();
        outcome = new WeaveOutcome(outcome.AssemblyName, outcome.Result, kept, outcome.Report);

        // A reference found only in damaged files: what is wrong with them is what the user can fix.
        if (damaged.Count > 0)
        {
            var damage = "references " + string.Join("; ", missing) + ", but " + string.Join("; ", damaged) + (damaged.Count == 1 ? " is" : " are") + " damaged; without "
                + (missing.Count == 1 ? "it" : "them") + " the assembly cannot be fully inspected.";
            return outcome.With(new List<WeaveMessage> { new(WeaveMessageKind.Front, DiagnosticSeverity.Error, damage) });
        }

        var text = "references " + string.Join("; ", missing) + (missing.Count == 1 ? ", which is" : ", which are") + " not in " + string.Join(", ", resolver.Directories)
            + "; without " + (missing.Count == 1 ? "it" : "them") + " the assembly cannot be fully inspected. Put " + (missing.Count == 1 ? "it" : "them") + " next to the assembly or pass --reference <folder>.";
        return outcome.With(new List<WeaveMessage> { new(WeaveMessageKind.Front, DiagnosticSeverity.Error, text) });
    }
}
