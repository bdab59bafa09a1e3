using System.Collections.Generic;
using System.IO;
using System.Linq;
using AuditWeaver.Tool.CommandLine;
using Tests.Infrastructure;

namespace Tests.Tool;

/// <summary>
/// Runs the auditweaver tool: in this process through the same entry point as its Main (fast, for most tests), or as
/// the program users start.
/// </summary>
internal static class ToolRun
{
    internal static ProcessResult InProcess(params string[] arguments)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var exitCode = ToolCommandLine.Run(arguments, output, error);
        return new ProcessResult("auditweaver " + string.Join(" ", arguments), exitCode, output.ToString(), error.ToString());
    }

    internal static ProcessResult AsProgram(params string[] arguments) =>
        ProcessRunner.Run("dotnet", new[] { Paths.ToolAssembly }.Concat(arguments));

    /// <summary>Every file below <paramref name="folder"/> with its bytes' hash, to show that a folder was left as it was.</summary>
    internal static IReadOnlyDictionary<string, string> Snapshot(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), f => System.Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));
}
