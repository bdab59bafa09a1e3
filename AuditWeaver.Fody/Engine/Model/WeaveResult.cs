using System.Collections.Generic;

namespace AuditWeaver.Fody.Engine;

/// <summary>What one engine run did to a module (or, in Report mode, found in it).</summary>
public sealed class WeaveResult
{
    internal WeaveResult(bool alreadyWoven, WeaveMode mode, IReadOnlyList<WovenSite> sites, IReadOnlyList<WeaveDiagnostic> diagnostics)
    {
        AlreadyWoven = alreadyWoven;
        Mode = mode;
        Sites = sites;
        Diagnostics = diagnostics;
    }

    /// <summary>True when the module carried the marker of an earlier run; nothing was changed.</summary>
    public bool AlreadyWoven { get; }

    public WeaveMode Mode { get; }

    /// <summary>The audited call sites (in Report mode, the ones that would be audited).</summary>
    public IReadOnlyList<WovenSite> Sites { get; }

    /// <summary>What the engine reported about constructs it could not audit, at their configured severity.</summary>
    public IReadOnlyList<WeaveDiagnostic> Diagnostics { get; }
}
