using System.Collections.Generic;
using System.Linq;

namespace AuditWeaver.Fody.Engine;

/// <summary>
/// What weaving one assembly came to (<see cref="AssemblyWeaving.Weave(Mono.Cecil.ModuleDefinition, AuditWeaver.Fody.Configuration.ConfigurationResult, bool)"/>): the engine's result, every message in the
/// order a front reports them, which of them fail the assembly, and the weave report. A front fails the assembly when
/// <see cref="Failed"/> and writes nothing for it.
/// </summary>
public sealed class WeaveOutcome
{
    internal WeaveOutcome(string assemblyName, WeaveResult? result, IReadOnlyList<WeaveMessage> messages, string? report)
    {
        AssemblyName = assemblyName;
        Result = result;
        Messages = messages;
        Errors = messages.Where(m => m.IsError).ToList();
        Report = Errors.Count == 0 ? report : null;
    }

    public string AssemblyName { get; }

    /// <summary>What the engine did; null when it did not run (configuration errors) or stopped on the whole module.</summary>
    public WeaveResult? Result { get; }

    /// <summary>Configuration problems, then the engine's messages, its diagnostics, and allow-list violations.</summary>
    public IReadOnlyList<WeaveMessage> Messages { get; }

    /// <summary>The messages that fail the assembly.</summary>
    public IReadOnlyList<WeaveMessage> Errors { get; }

    public bool Failed => Errors.Count > 0;

    /// <summary>The call sites outside their assembly's allow lists (errors too: they are in <see cref="Errors"/>).</summary>
    public IReadOnlyList<WeaveMessage> AllowListViolations => Errors.Where(e => e.Kind == WeaveMessageKind.AllowList).ToList();

    /// <summary>Whether the configuration itself has errors (then the engine did not run).</summary>
    public bool HasConfigurationErrors => Errors.Any(e => e.Kind == WeaveMessageKind.Configuration);

    /// <summary>The JSON weave report (<see cref="Reports.WeaveReport"/>) when the configuration asks for one and nothing failed.</summary>
    public string? Report { get; }

    /// <summary>This outcome with messages a front adds about the assembly (an error among them fails it and drops the report).</summary>
    public WeaveOutcome With(IEnumerable<WeaveMessage> messages)
    {
        var added = messages.ToList();
        return added.Count == 0 ? this : new WeaveOutcome(AssemblyName, Result, Messages.Concat(added).ToList(), Report);
    }
}
