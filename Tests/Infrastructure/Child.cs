using System.Linq;

namespace Tests.Infrastructure;

/// <summary>Runs the test assembly as a child process with a scenario name (see <see cref="ChildScenarios"/>).</summary>
internal static class Child
{
    internal static (int ExitCode, string Output, string Error) Run(params string[] arguments)
    {
        var result = ProcessRunner.Run("dotnet", new[] { Paths.TestAssembly }.Concat(arguments));
        return (result.ExitCode, result.Output, result.Error);
    }
}
