using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using AuditWeaver.Fody.Engine;
using AuditWeaver.Tool.Inputs;
using AuditWeaver.Tool.Processing;

namespace AuditWeaver.Tool.Output;

/// <summary>The closing table: how many assemblies were processed, skipped (by reason) and failed, and the call sites per category.</summary>
internal static class Summary
{
    /// <summary><paramref name="notCopied"/>: files other than assemblies that could not be copied, listed with the failed assemblies.</summary>
    internal static void Write(TextWriter output, IReadOnlyList<ProcessedAssembly> outcomes, IReadOnlyList<InputFile> notCopied, string processedVerb)
    {
        string Count(AssemblyStatus status) => outcomes.Count(o => o.Status == status).ToString(CultureInfo.InvariantCulture);
        output.WriteLine();
        output.WriteLine(processedVerb + " " + Count(AssemblyStatus.Processed) + ", skipped " + Count(AssemblyStatus.Skipped) + ", failed " + Count(AssemblyStatus.Failed)
            + " (of " + outcomes.Count.ToString(CultureInfo.InvariantCulture) + " assemblies)");
        var skipped = outcomes.Where(o => o.Status == AssemblyStatus.Skipped).GroupBy(o => o.Reasons[0]).OrderByDescending(g => g.Count()).ToList();
        foreach (var reason in skipped)
        {
            output.WriteLine("  skipped " + reason.Count().ToString(CultureInfo.InvariantCulture) + ": " + reason.Key);
        }

        var processed = outcomes.Where(o => o.Status == AssemblyStatus.Processed).Select(o => (o.File.RelativePath, (IReadOnlyList<WovenSite>)o.Result!.Sites)).ToList();
        if (processed.Count > 0)
        {
            output.WriteLine();
            CategoryCounts.Table(processed).Write(output);
        }

        var failed = outcomes.Where(o => o.Status == AssemblyStatus.Failed).Select(o => o.File).Concat(notCopied).ToList();
        if (failed.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("failed (nothing written for them): " + string.Join(", ", failed.Select(f => f.RelativePath)));
        }
    }
}
