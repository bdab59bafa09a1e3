using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace Tests.Reliability;

/// <summary>
/// A load context for one copy of a fixture library. Its dependencies (FSharp.Core) come from the fixture's build folder;
/// the runtime is left to the default context, so that woven code raises its events through the test process's hooks.
/// </summary>
internal sealed class FixtureLoadContext : AssemblyLoadContext
{
    private readonly string _dependencies;

    private FixtureLoadContext(string name, string dependencies)
        : base(name)
    {
        _dependencies = dependencies;
    }

    /// <summary>Loads <paramref name="assemblyPath"/> into a context of its own.</summary>
    internal static Assembly Load(string name, string assemblyPath, string dependencies) =>
        new FixtureLoadContext(name, dependencies).LoadFromAssemblyPath(assemblyPath);

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name == "AuditWeaver")
        {
            return null;
        }

        var candidate = Path.Combine(_dependencies, assemblyName.Name + ".dll");
        return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
    }
}
