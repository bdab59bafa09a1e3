using System;
using System.Collections.Generic;
using System.Linq;
using AuditWeaver.Fody.Engine;
using AuditWeaver.Tool.Processing;

namespace AuditWeaver.Tool.Scanning;

/// <summary>
/// A capability an assembly reaches only through another scanned assembly, with one example call path: the methods, then
/// the API; <paramref name="Via"/> says how each method after the first was reached.
/// </summary>
internal sealed record IndirectCapability(string Assembly, string Category, string Through, IReadOnlyList<string> Path, IReadOnlyList<EdgeKind> Via, WovenSite Site)
{
    /// <summary><c>App.Main -> Lib.FileStore.Save (interface) -> M:System.IO.File...</c>: a step reached other than by a direct call says how.</summary>
    internal string Describe() =>
        string.Join(" -> ", Path.Select((step, i) => i > 0 && i <= Via.Count && Via[i - 1] != EdgeKind.Direct ? step + " (" + Via[i - 1].ToString().ToLowerInvariant() + ")" : step));
}

/// <summary>How many call graph edges (distinct caller and callee) came from each way of finding them.</summary>
internal sealed record CallGraphEdges(int Direct, int Virtual, int Interface, int Delegate)
{
    internal static CallGraphEdges None { get; } = new(0, 0, 0, 0);

    internal CallGraphEdges Plus(CallGraphEdges other) =>
        new(Direct + other.Direct, Virtual + other.Virtual, Interface + other.Interface, Delegate + other.Delegate);
}

/// <summary>Something that makes a scan fail: a call site outside an allow list, or a capability the baseline lacks.</summary>
internal sealed record Violation(string Kind, string Assembly, string Capability, string Message, IReadOnlyList<WovenSite> Sites);

/// <summary>Everything one scan found, for the text, JSON and SARIF writers.</summary>
internal sealed record ScanFindings(
    string Root,
    IReadOnlyList<ProcessedAssembly> Assemblies,
    IReadOnlyList<IndirectCapability> Indirect,
    IReadOnlyList<Violation> Violations,
    CallGraphEdges Edges,
    IReadOnlyDictionary<string, PackageAssembly> Packages,
    RestoredProject? Project = null)
{
    /// <summary>The projects a scanned project references, once each: their packages were scanned, their code was not.</summary>
    internal IReadOnlyList<ReferencedProject> ProjectReferences =>
        Project == null ? Array.Empty<ReferencedProject>() : Project.Targets.SelectMany(t => t.ProjectReferences).GroupBy(p => p.Path, StringComparer.Ordinal).Select(g => g.First()).ToList();

    /// <summary>
    /// How tables name an assembly: its name, and for a project's package what tells copies of it apart, the runtime of
    /// a runtimes/&lt;rid&gt;/lib copy and the target when several were scanned (<c>DriftLibrary (net8.0, linux-x64)</c>).
    /// </summary>
    internal string LabelOf(ProcessedAssembly assembly)
    {
        var package = PackageOf(assembly);
        var target = Project?.Targets.Count > 1 ? package?.Target : null;
        var runtime = package?.Runtime is { } rid && target?.EndsWith("/" + rid, StringComparison.Ordinal) != true ? rid : null;
        var qualifiers = new[] { target, runtime }.OfType<string>().ToList();
        return qualifiers.Count == 0 ? assembly.Name : assembly.Name + " (" + string.Join(", ", qualifiers) + ")";
    }

    /// <summary>The package an assembly came from, when a project was scanned.</summary>
    internal PackageAssembly? PackageOf(ProcessedAssembly assembly) => Packages.TryGetValue(assembly.File.RelativePath, out var package) ? package : null;
}
