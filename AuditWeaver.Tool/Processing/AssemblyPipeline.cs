using System.Linq;
using AuditWeaver.Fody.Configuration;
using AuditWeaver.Fody.Engine;
using AuditWeaver.Tool.Inputs;
using Mono.Cecil;

namespace AuditWeaver.Tool.Processing;

/// <summary>
/// The steps both commands take for each assembly of the input: decide whether it is woven at all, read it, and weave it
/// under the configuration (whose mode decides whether that rewrites or only lists the call sites).
/// </summary>
internal static class AssemblyPipeline
{
    /// <summary>
    /// <paramref name="examined"/>: shown each method once the engine is done with it (a scan reads the calls there). In
    /// Report mode bodies are then decoded one at a time, as the engine comes to them, and dropped after it.
    /// </summary>
    internal static ProcessedAssembly Process(InputFile file, ConfigurationResult configuration, ToolAssemblyResolver resolver, System.Action<MethodDefinition>? examined = null)
    {
        var inspection = file.Inspection;
        if (inspection.Error != null)
        {
            return new ProcessedAssembly(file, AssemblyStatus.Failed, new[] { inspection.Error });
        }

        if (inspection.SkipReason != null)
        {
            return Skipped(file, inspection.SkipReason);
        }

        var rewrites = configuration.Options.Mode == WeaveMode.Audit;
        var module = AssemblyReader.Read(file, resolver, readOnly: !rewrites, out var readError, out var notice);
        if (module == null)
        {
            return new ProcessedAssembly(file, AssemblyStatus.Failed, new[] { readError! });
        }

        var before = rewrites ? AddedReferences.Before(module) : null;
        var outcome = EngineRunner.Run(module, configuration, resolver, inspection.IsWovenFramework, examined);

        // A scan writes nothing: it lists allow-list violations among its findings, with the assembly's call sites, and
        // exits 1 on them. Everything else that fails the outcome fails the assembly, and nothing is written for it.
        var listsViolations = !rewrites;
        var failures = outcome.Errors.Where(e => !(listsViolations && e.Kind == WeaveMessageKind.AllowList)).Select(e => e.ToString()).ToList();
        if (failures.Count > 0 || outcome.Result == null)
        {
            module.Dispose();
            return new ProcessedAssembly(file, AssemblyStatus.Failed, failures);
        }

        var processed = new ProcessedAssembly(file, AssemblyStatus.Processed, System.Array.Empty<string>(), module, outcome)
        {
            AddedReferences = before?.Since(module) ?? System.Array.Empty<MemberReference>(),
        };
        if (notice != null)
        {
            processed.Notices.Add(notice);
        }

        return processed;
    }

    private static ProcessedAssembly Skipped(InputFile file, string reason) =>
        new(file, AssemblyStatus.Skipped, new[] { reason });
}
