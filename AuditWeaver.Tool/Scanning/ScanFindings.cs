using System.Collections.Generic;
using AuditWeaver.Fody.Engine;
using AuditWeaver.Tool.Processing;

namespace AuditWeaver.Tool.Scanning;

/// <summary>A capability an assembly reaches only through another scanned assembly, with one example call path.</summary>
internal sealed record IndirectCapability(string Assembly, string Category, string Through, IReadOnlyList<string> Path, WovenSite Site);

/// <summary>Something that makes a scan fail: a call site outside an allow list, or a capability the baseline lacks.</summary>
internal sealed record Violation(string Kind, string Assembly, string Capability, string Message, IReadOnlyList<WovenSite> Sites);

/// <summary>Everything one scan found, for the text, JSON and SARIF writers.</summary>
internal sealed record ScanFindings(
    string Root,
    IReadOnlyList<ProcessedAssembly> Assemblies,
    IReadOnlyList<IndirectCapability> Indirect,
    IReadOnlyList<Violation> Violations);
