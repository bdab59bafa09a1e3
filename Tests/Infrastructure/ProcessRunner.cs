using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace Tests.Infrastructure;

/// <summary>Runs a program to completion and captures what it printed.</summary>
internal static class ProcessRunner
{
    // A guard against a hung child, not a performance limit: a build on a loaded machine takes well under a minute.
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(5);

    /// <summary>Runs <paramref name="fileName"/>; <paramref name="environment"/> sets variables (a null value removes one) on top of this process's.</summary>
    internal static ProcessResult Run(string fileName, IEnumerable<string> arguments, string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory != null)
        {
            info.WorkingDirectory = workingDirectory;
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value == null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start " + fileName + ".");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(s_timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(fileName + " did not finish: " + string.Join(" ", info.ArgumentList));
        }

        return new ProcessResult(fileName + " " + string.Join(" ", info.ArgumentList), process.ExitCode, output.Result, error.Result);
    }
}

/// <summary>What a finished program printed, and how it exited.</summary>
internal sealed record ProcessResult(string CommandLine, int ExitCode, string Output, string Error)
{
    /// <summary>Everything printed, for assertion messages.</summary>
    public override string ToString() => "$ " + CommandLine + " (exit code " + ExitCode + ")" + Environment.NewLine + Output + Error;
}
