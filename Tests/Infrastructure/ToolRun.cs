using System.Collections.Generic;
using System.IO;
using System.Linq;
using AuditWeaver.Tool.CommandLine;

namespace Tests.Infrastructure;

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

    /// <summary>
    /// Every file below <paramref name="folder"/> with its bytes' hash (a symbolic link with its target, since a dangling
    /// one has no bytes), to show that a folder was left as it was.
    /// </summary>
    internal static IReadOnlyDictionary<string, string> Snapshot(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(
                f => Path.GetRelativePath(folder, f),
                f => new FileInfo(f).LinkTarget is { } target ? "link to " + target : System.Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));

    /// <summary>A symbolic link to a file that does not exist: a file that is listed but cannot be opened.</summary>
    internal static string Dangling(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.CreateSymbolicLink(path, Path.Combine(Path.GetDirectoryName(path)!, "nowhere", Path.GetFileName(path)));
        return path;
    }
}
