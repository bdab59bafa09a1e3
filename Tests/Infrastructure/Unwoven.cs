using System;
using System.Reflection;

namespace Tests.Infrastructure;

/// <summary>The original AssemblyToProcess, loaded into a load context of its own, to compare woven results with.</summary>
internal static class Unwoven
{
    private static readonly Lazy<Assembly> s_assembly = new(() => Scenarios.Load(Paths.AssemblyToProcess, "unwoven"));

    internal static Assembly Assembly => s_assembly.Value;

    internal static dynamic Create(string className, params object[] arguments) => Scenarios.Create(Assembly, className, arguments);
}
