using System.Collections.Generic;
using AuditWeaver.Fody.Engine;
using AuditWeaver.Tool.Inputs;

namespace AuditWeaver.Tool.Processing;

/// <summary>
/// The steps both commands take for each assembly of the input: decide whether it is woven at all, read it, and run the
/// engine over it (the options' mode decides whether that rewrites or only lists the call sites).
/// </summary>
internal static class AssemblyPipeline
{
    internal static ProcessedAssembly Process(InputFile file, WeaverOptions options, ToolAssemblyResolver resolver)
    {
        if (file.IsFramework)
        {
            return Skipped(file, "a framework assembly (it is the shared framework's, not the application's code)");
        }

        var inspection = file.Inspection;
        if (inspection.Error != null)
        {
            return new ProcessedAssembly(file, AssemblyStatus.Failed, new[] { inspection.Error });
        }

        if (inspection.SkipReason != null)
        {
            return Skipped(file, inspection.SkipReason);
        }

        var module = AssemblyReader.Read(file, resolver, out var readError, out var notice);
        if (module == null)
        {
            return new ProcessedAssembly(file, AssemblyStatus.Failed, new[] { readError! });
        }

        var result = EngineRunner.Run(module, options, resolver, out var errors);
        if (result == null)
        {
            module.Dispose();
            return new ProcessedAssembly(file, AssemblyStatus.Failed, errors);
        }

        var processed = new ProcessedAssembly(file, AssemblyStatus.Processed, new List<string>(), module, result);
        if (notice != null)
        {
            processed.Notices.Add(notice);
        }

        return processed;
    }

    private static ProcessedAssembly Skipped(InputFile file, string reason) =>
        new(file, AssemblyStatus.Skipped, new[] { reason });
}
