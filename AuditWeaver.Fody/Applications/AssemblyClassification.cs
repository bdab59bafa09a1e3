namespace AuditWeaver.Fody.Applications;

/// <summary>What an application's file is to the weaver.</summary>
internal enum AssemblyRole
{
    /// <summary>The application's own code (its assemblies and its dependencies'): woven.</summary>
    Application,

    /// <summary>An assembly of the .NET framework the application runs on (shared, or carried by a self-contained app).</summary>
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

    /// <summary>Why it is not woven, in words for the user; null for the application's own.</summary>
    internal string? Reason { get; }

    /// <summary>The file's facts; null for a framework assembly, which is known by its name without being read.</summary>
    internal AssemblyFacts? Facts { get; }
}
