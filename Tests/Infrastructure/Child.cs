using System;
using System.Diagnostics;

namespace Tests.Infrastructure;

/// <summary>Runs the test assembly as a child process with a scenario name (see <see cref="ChildScenarios"/>).</summary>
internal static class Child
{
    internal static (int ExitCode, string Output, string Error) Run(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Paths.TestAssembly);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start dotnet.");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The child process did not finish: " + string.Join(" ", arguments));
        }

        return (process.ExitCode, output, error.Result);
    }
}
