using System.Collections.Generic;
using System.IO;
using System.Linq;
using AuditWeaver.Tool.Inputs;
using AuditWeaver.Tool.SingleFile;

namespace AuditWeaver.Tool.CommandLine;

/// <summary>The input argument and --reference folders both commands take, checked before any work starts.</summary>
internal static class ToolInput
{
    internal static InputSet Open(string input, bool weaveFramework = false)
    {
        if (!File.Exists(input) && !Directory.Exists(input))
        {
            throw new UsageException("input " + input + " does not exist; give an assembly (.dll, .exe) or an application folder.");
        }

        return InputSet.Open(input, weaveFramework);
    }

    /// <summary>
    /// Says which files beside the input are passed over, once the command is sure to go on: a command that stops first
    /// has not passed over anything (and a weave stops on a deps.json it cannot use, saying so in its error).
    /// </summary>
    internal static void Warn(InputSet inputs, TextWriter error)
    {
        foreach (var warning in inputs.Warnings)
        {
            error.WriteLine("warning: " + warning);
        }
    }

    /// <summary>
    /// Null when the input holds a .NET assembly (or a file that fails as one); else why there is nothing to
    /// <paramref name="verb"/>, naming the input: succeeding on nothing would tell the user it was audited.
    /// </summary>
    internal static string? NothingToProcess(InputSet inputs, string verb)
    {
        var candidates = inputs.Assemblies.ToList();
        if (candidates.Any(f => f.Inspection.Error != null || f.Inspection.Classification!.Facts is not { IsNative: true })
            || inputs.Files.Any(f => SingleFileWeave.IsBundleInFolder(f.FullPath)))
        {
            return null;
        }

        if (!inputs.IsFolder)
        {
            return candidates[0].FullPath + ": native code, not a .NET assembly; nothing to " + verb + ".";
        }

        return inputs.Root + ": no .NET assembly in it (" + (candidates.Count == 0
            ? "no .dll or .exe file"
            : candidates.Count + (candidates.Count == 1 ? " .dll or .exe file, native code" : " .dll or .exe files, all native code")) + "); nothing to " + verb + ".";
    }

    /// <summary>Names the applications found, when there is more than one: each is woven and made to run on its own.</summary>
    internal static void Announce(InputSet inputs, TextWriter output)
    {
        var applications = inputs.Applications.Where(a => a.IsApplication).ToList();
        if (applications.Count > 1)
        {
            output.WriteLine(applications.Count + " applications: " + string.Join(", ", applications.Select(a => a.Name)));
        }
    }

    /// <summary>Refuses an output file that is one of the input's assemblies: <paramref name="what"/> would replace it.</summary>
    internal static void RefuseInputAssembly(InputSet inputs, string option, string? path, string what)
    {
        var full = path == null ? null : Path.GetFullPath(path);

        // The relative path from a file to itself is ".", with the file system's case sensitivity.
        var assembly = full == null ? null : inputs.Assemblies.FirstOrDefault(f => Path.GetRelativePath(f.FullPath, full) == ".");
        if (assembly != null)
        {
            throw new UsageException(option + " " + path + " is the input assembly " + assembly.FullPath + "; " + what + " would replace it. Choose another file.");
        }
    }

    /// <summary>The resolvers of the input's applications, each over its own folders, <paramref name="references"/> and framework.</summary>
    internal static ApplicationResolvers Resolvers(IReadOnlyList<string> references)
    {
        var missing = references.FirstOrDefault(r => !Directory.Exists(r));
        if (missing != null)
        {
            throw new UsageException("--reference " + missing + " is not a folder.");
        }

        return new ApplicationResolvers(references);
    }
}
