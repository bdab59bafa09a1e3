using System.Collections.Generic;
using System.Linq;

namespace Tests.Infrastructure;

/// <summary>Runs the test assembly as a child process with a scenario name (see <see cref="ChildScenarios"/>).</summary>
internal static class Child
{
    internal static ProcessResult Run(params string[] arguments) => Run(null, arguments);

    /// <summary>Runs a scenario with <paramref name="environment"/> set on top of this process's (a null value removes one).</summary>
    internal static ProcessResult Run(IReadOnlyDictionary<string, string?>? environment, params string[] arguments) =>
        ProcessRunner.Run("dotnet", new[] { Paths.TestAssembly }.Concat(arguments), environment: environment);
}
