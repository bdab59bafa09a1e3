using System;
using System.Collections.Generic;
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
    internal static string? Compile(string crossgen2, string input, string output, IEnumerable<string> references, (string Os, string Arch) target) =>
        Run(crossgen2, new[] { input }, new[] { "--out:" + output }, references, target, output + ".rsp", output);

    /// <summary>
    /// Compiles several assemblies in one run (the references are loaded once), each into <c>Name.ni.dll</c> beside
    /// it; null on success. Each keeps its own version bubble, as when compiled alone.
    /// </summary>
    internal static string? CompileBeside(string crossgen2, IReadOnlyList<string> inputs, IEnumerable<string> references, (string Os, string Arch) target) =>
        Run(crossgen2, inputs, new[] { "--out-near-input", "--single-file-compilation" }, references, target, inputs[0] + ".rsp", NiPath(inputs[^1]));

    /// <summary>Where <see cref="CompileBeside"/> writes the image of <paramref name="input"/>.</summary>
    internal static string NiPath(string input) => Path.ChangeExtension(input, ".ni.dll");

    private static string? Run(string crossgen2, IReadOnlyList<string> inputs, IEnumerable<string> outputOptions, IEnumerable<string> references, (string Os, string Arch) target, string responseFile, string output)
    {
        var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var input in inputs)
        {
            byName.TryAdd(Path.GetFileName(input), input);
        }

        var lines = inputs.Concat(outputOptions).Concat(new[] { "--targetos:" + target.Os, "--targetarch:" + target.Arch, "-O" }).ToList();
        foreach (var reference in references)
        {
            if (byName.TryAdd(Path.GetFileName(reference), reference))
            {
                lines.Add("--reference:" + reference);
            }
        }

        // A response file: a framework's references make a command line longer than some systems take.
        File.WriteAllLines(responseFile, lines.Select(Quoted));
        try
        {
            var (exitCode, printed) = ChildProcess.Run(crossgen2, new[] { "@" + responseFile }, s_timeout);
            if (exitCode == null)
            {
                return "crossgen2 did not finish in " + s_timeout.TotalMinutes + " minutes";
            }

            return exitCode != 0 || !File.Exists(output) ? "crossgen2 exited with code " + exitCode + ": " + Crossgen2Locator.FirstError(printed) : null;
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
