using System;
using System.Reflection;
using System.Runtime.Loader;

namespace Tests.Infrastructure;

/// <summary>The scenario classes of AssemblyToProcess, from whichever build of it a test has: woven, unwoven or woven differently.</summary>
internal static class Scenarios
{
    /// <summary>Loads a build of AssemblyToProcess into a load context of its own; the runtime still comes from the default one.</summary>
    internal static Assembly Load(string path, string context, bool collectible = false) =>
        new AssemblyLoadContext(context, collectible).LoadFromAssemblyPath(path);

    /// <summary>AssemblyToProcess.<paramref name="className"/> (nested classes as Outer+Inner).</summary>
    internal static Type Type(Assembly assembly, string className) =>
        assembly.GetType("AssemblyToProcess." + className, throwOnError: true)!;

    /// <summary>A new instance of a scenario class, to call through <c>dynamic</c> or reflection.</summary>
    internal static object Create(Assembly assembly, string className, params object[] arguments) =>
        Activator.CreateInstance(Type(assembly, className), arguments)!;
}
