using System.Collections.Generic;
using System.Linq;
using AuditWeaver.Fody.Engine;
using AuditWeaver.Tool.Inputs;
using Mono.Cecil;

namespace AuditWeaver.Tool.Processing;

/// <summary>
/// Runs the engine over one module, as the Fody front does, and turns what went wrong into messages for that file: the
/// engine's errors, diagnostics configured as errors, and references the resolver could not find.
/// </summary>
internal static class EngineRunner
{
    internal static WeaveResult? Run(ModuleDefinition module, WeaverOptions options, ToolAssemblyResolver resolver, out IReadOnlyList<string> errors)
    {
        var log = new ToolLog();
        var failures = new List<string>();
        resolver.TakeMissing();
        WeaveResult? result = null;
        try
        {
            result = new AuditWeavingEngine(options, log).Weave(module);
        }
        catch (AuditWeavingException exception)
        {
            failures.Add(exception.Message);
        }
        catch (AssemblyResolutionException exception)
        {
            failures.Add("could not resolve " + exception.AssemblyReference.FullName + ".");
        }

        failures.AddRange(log.Errors);
        if (result != null)
        {
            failures.AddRange(result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString() + " (configured as an error)"));
        }

        var missing = resolver.TakeMissing();
        if (missing.Count > 0)
        {
            failures.Add("references " + string.Join("; ", missing) + (missing.Count == 1 ? ", which is" : ", which are") + " not in " + string.Join(", ", resolver.Directories)
                + "; without " + (missing.Count == 1 ? "it" : "them") + " the assembly cannot be fully inspected. Put " + (missing.Count == 1 ? "it" : "them") + " next to the assembly or pass --reference <folder>.");
        }

        errors = failures;
        return failures.Count == 0 ? result : null;
    }
}
