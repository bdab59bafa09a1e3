using System.Runtime.CompilerServices;

namespace AssemblyToProcess;

/// <summary>A module initializer of the user's own: the weaver's must run first and leave this one working.</summary>
public static class ModuleSetup
{
    public static bool Ran { get; private set; }

    [ModuleInitializer]
    internal static void Initialize() => Ran = true;
}
