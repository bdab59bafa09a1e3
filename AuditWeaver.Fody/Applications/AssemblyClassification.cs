namespace AuditWeaver.Fody.Applications;

/// <summary>What an application's file is to the weaver.</summary>
internal enum AssemblyRole
{
    /// <summary>The application's own code (its assemblies and its dependencies'): woven.</summary>
    Application,

    /// <summary>
    /// An assembly of the .NET framework the application runs on (shared, or carried by a self-contained app): passed
    /// over, or woven when the framework is woven too (its <see cref="AssemblyClassification.Reason"/> is then null).
    /// </summary>
    Framework,

    /// <summary>Passed over for a reason that is not a mistake: native code, a reference or satellite assembly, woven already.</summary>
    Skipped,
}

/// <summary>What one file is to the weaver, why, and (when they were read) the facts that said so.</summary>
internal sealed class AssemblyClassification
{
    internal AssemblyClassification(AssemblyRole role, string? reason, AssemblyFacts? facts)
    {
        Role = role;
        Reason = reason;
        Facts = facts;
    }

    internal AssemblyRole Role { get; }

    /// <summary>Why it is not woven, in words for the user; null for what is woven (the application's own, a woven framework's).</summary>
    internal string? Reason { get; }

    /// <summary>It goes through the engine: the application's own, or a framework assembly woven with the framework.</summary>
    internal bool IsWoven => Reason == null;

    /// <summary>The file's facts; null for a framework assembly passed over, which is known by its name without being read.</summary>
    internal AssemblyFacts? Facts { get; }
}
