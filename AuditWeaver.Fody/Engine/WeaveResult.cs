using System.Collections.Generic;

namespace AuditWeaver.Fody.Engine;

/// <summary>What one engine run did to a module.</summary>
public sealed class WeaveResult
{
    internal WeaveResult(bool alreadyWoven, IReadOnlyList<WovenSite> sites)
    {
        AlreadyWoven = alreadyWoven;
        Sites = sites;
    }

    /// <summary>True when the module carried the marker of an earlier run; nothing was changed.</summary>
    public bool AlreadyWoven { get; }

    public IReadOnlyList<WovenSite> Sites { get; }
}
