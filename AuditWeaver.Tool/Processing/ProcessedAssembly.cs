using System.Collections.Generic;
using AuditWeaver.Fody.Engine;
using AuditWeaver.Tool.Inputs;
using Mono.Cecil;

namespace AuditWeaver.Tool.Processing;

/// <summary>What became of one assembly of the input.</summary>
internal enum AssemblyStatus
{
    /// <summary>The engine ran over it (woven, or scanned).</summary>
    Processed,

    /// <summary>Passed over, with a reason; not a mistake.</summary>
    Skipped,

    /// <summary>It could not be read, resolved or woven; nothing was written for it.</summary>
    Failed,
}

/// <summary>One assembly of the input after the engine: its module and result, or why it was skipped or failed.</summary>
internal sealed class ProcessedAssembly
{
    internal ProcessedAssembly(InputFile file, AssemblyStatus status, IReadOnlyList<string> reasons, ModuleDefinition? module = null, WeaveOutcome? outcome = null)
    {
        File = file;
        Status = status;
        Reasons = reasons;
        Module = module;
        Outcome = outcome;
    }

    internal InputFile File { get; }

    internal AssemblyStatus Status { get; }

    /// <summary>Why it was skipped or failed (one line each).</summary>
    internal IReadOnlyList<string> Reasons { get; }

    internal ModuleDefinition? Module { get; }

    /// <summary>What weaving it came to; for a processed assembly, without errors (but for a scan's allow-list violations).</summary>
    internal WeaveOutcome? Outcome { get; }

    internal WeaveResult? Result => Outcome?.Result;

    /// <summary>The types and members the weave added references to (none for a scan, which changes nothing).</summary>
    internal IReadOnlyList<MemberReference> AddedReferences { get; init; } = System.Array.Empty<MemberReference>();

    /// <summary>
    /// An app that loads it needs AuditWeaver.dll: it was woven with call sites, or it was passed over as woven before
    /// (and references the runtime).
    /// </summary>
    internal bool NeedsRuntime => Status switch
    {
        AssemblyStatus.Processed => Result!.Sites.Count > 0 || StartsRuntime,
        AssemblyStatus.Skipped => File.Inspection.Classification?.Facts is { IsWoven: true, ReferencesRuntime: true },
        _ => false,
    };

    /// <summary>With --framework, the app's entry assembly was given a module initializer that starts the runtime, sites or not.</summary>
    internal bool StartsRuntime { get; set; }

    /// <summary>Things worth saying about a processed assembly (symbols left out, ReadyToRun, signature).</summary>
    internal List<string> Notices { get; } = new();

    internal string Name => Module?.Assembly.Name.Name ?? System.IO.Path.GetFileNameWithoutExtension(File.RelativePath);
}
