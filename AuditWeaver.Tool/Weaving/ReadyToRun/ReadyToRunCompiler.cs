using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace AuditWeaver.Tool.Weaving.ReadyToRun;

/// <summary>Runs crossgen2 over one assembly: IL in, a ReadyToRun image out, against the given references.</summary>
internal static class ReadyToRunCompiler
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Compiles <paramref name="input"/> into <paramref name="output"/>; null on success, else crossgen2's complaint.
    /// References are assembly files; of two with the same file name the first wins (an app's own copy of a framework
    /// assembly goes before the framework's, as the host loads it), and the input itself is never one.
    /// </summary>
    internal static string? Compile(string crossgen2, string input, string output, IEnumerable<string> references, (string Os, string Arch) target)
    {
        var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [Path.GetFileName(input)] = input };
        var lines = new List<string> { input, "--out:" + output, "--targetos:" + target.Os, "--targetarch:" + target.Arch, "-O" };
        foreach (var reference in references)
        {
            if (byName.TryAdd(Path.GetFileName(reference), reference))
            {
                lines.Add("--reference:" + reference);
            }
        }

        // A response file: a framework's references make a command line longer than some systems take.
        var responseFile = output + ".rsp";
        File.WriteAllLines(responseFile, lines.Select(Quoted));
        try
        {
            var start = new ProcessStartInfo(crossgen2) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add("@" + responseFile);
            using var process = Process.Start(start)!;
            var standardOutput = process.StandardOutput.ReadToEndAsync();
            var standardError = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(s_timeout))
            {
                process.Kill(entireProcessTree: true);
                return "crossgen2 did not finish in " + s_timeout.TotalMinutes + " minutes";
            }

            if (process.ExitCode != 0 || !File.Exists(output))
            {
                return "crossgen2 exited with code " + process.ExitCode + ": " + Crossgen2Locator.FirstError(standardError.Result + standardOutput.Result);
            }

            return null;
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            return "crossgen2 could not be started: " + exception.Message;
        }
        finally
        {
            File.Delete(responseFile);
        }
    }

    // crossgen2 reads a response file a line per argument; quotes keep paths with spaces whole.
    private static string Quoted(string argument) => argument.Contains(' ', StringComparison.Ordinal) ? "\"" + argument + "\"" : argument;
}
