using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace AuditWeaver.Tool.Weaving.ReadyToRun;

/// <summary>Runs the programs this step needs (dotnet restore, crossgen2) to completion, with a time limit.</summary>
internal static class ChildProcess
{
    /// <summary>
    /// The exit code (null when the program did not finish within <paramref name="timeout"/> and was killed) and all it
    /// printed. Throws Win32Exception when the program cannot be started.
    /// </summary>
    internal static (int? ExitCode, string Output) Run(string fileName, IEnumerable<string> arguments, TimeSpan timeout, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory != null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            return (null, string.Empty);
        }

        return (process.ExitCode, error.Result + output.Result);
    }
}
