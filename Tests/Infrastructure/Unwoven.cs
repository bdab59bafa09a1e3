using System;
using System.Reflection;
using System.Runtime.Loader;

namespace Tests.Infrastructure;

/// <summary>The original AssemblyToProcess, loaded into a load context of its own, to compare woven results with.</summary>
internal static class Unwoven
{
    private static readonly Lazy<Assembly> s_assembly = new(() => new AssemblyLoadContext("unwoven").LoadFromAssemblyPath(Paths.AssemblyToProcess));

    internal static Assembly Assembly => s_assembly.Value;

    internal static dynamic Create(string className, params object[] arguments) =>
        Activator.CreateInstance(Assembly.GetType("AssemblyToProcess." + className, throwOnError: true)!, arguments)!;
}
