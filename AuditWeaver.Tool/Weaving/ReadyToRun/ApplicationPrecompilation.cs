using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using AuditWeaver.Tool.Inputs;

namespace AuditWeaver.Tool.Weaving.ReadyToRun;

/// <summary>A woven assembly whose input carried ReadyToRun code, and the target that code was compiled for.</summary>
internal sealed record PrecompiledInput(string WovenPath, (string Os, string Arch)? Target);

/// <summary>
/// Gives the woven assemblies of one application back the ReadyToRun code their inputs had (the weaver can only write
/// IL): each is compiled again with crossgen2 of the app's runtime version, against the app's other assemblies (woven)
/// and its framework, and replaced in one step. When crossgen2 cannot be had or fails on a file, the woven IL-only file
/// stays: it behaves the same, and the line printed says what start-up costs.
/// </summary>
internal static class ApplicationPrecompilation
{
    internal static void Run(ApplicationFolder application, string wovenFolder, IReadOnlyList<PrecompiledInput> inputs, bool enabled, TextWriter output)
    {
        if (inputs.Count == 0)
        {
            return;
        }

        if (!enabled)
        {
            output.WriteLine("note: ReadyToRun: --no-ready-to-run, so the JIT compiles at start-up what was precompiled in " + Count(inputs) + " (slower start, same behaviour).");
            return;
        }

        var (version, frameworkDirectories) = Runtime(application, wovenFolder);
        if (version == null)
        {
            output.WriteLine("note: ReadyToRun: the runtime version of " + application.Name + " is unknown, so no crossgen2 can be picked and the JIT compiles at start-up what was precompiled in " + Count(inputs) + " (slower start, same behaviour).");
            return;
        }

        var (crossgen2, problem) = Crossgen2Locator.Find(version, application.FullPath);
        if (crossgen2 == null)
        {
            output.WriteLine("note: ReadyToRun: crossgen2 " + version + " (package " + Crossgen2Locator.PackageId + ") could not be had (" + problem + "); without it the JIT compiles at start-up what was precompiled in "
                + Count(inputs) + ", so the app starts slower (same behaviour): weave again once the package can be restored.");
            return;
        }

        var references = Directory.EnumerateFiles(wovenFolder, "*.dll").Concat(frameworkDirectories.SelectMany(d => Directory.EnumerateFiles(d, "*.dll"))).ToList();
        var compiled = new List<string>();
        foreach (var group in inputs.GroupBy(i => i.Target ?? Host()))
        {
            compiled.AddRange(CompileGroup(crossgen2, group.Select(i => i.WovenPath).ToList(), references, group.Key, output));
        }

        if (compiled.Count > 0)
        {
            output.WriteLine("ReadyToRun: compiled " + Count(compiled) + " to native code again with crossgen2 " + version + " (" + crossgen2 + "): " + string.Join(", ", compiled));
        }
    }

    // One crossgen2 run for the lot (loading a framework's references once is most of the time); when it fails, one run
    // per file, so that only the file crossgen2 cannot compile stays IL only.
    private static IEnumerable<string> CompileGroup(string crossgen2, IReadOnlyList<string> files, IReadOnlyList<string> references, (string Os, string Arch) target, TextWriter output)
    {
        var others = references.Where(r => !files.Contains(r)).ToList();
        if (files.Count > 1 && ReadyToRunCompiler.CompileBeside(crossgen2, files, others, target) == null && files.All(f => File.Exists(ReadyToRunCompiler.NiPath(f))))
        {
            foreach (var file in files)
            {
                File.Move(ReadyToRunCompiler.NiPath(file), file, overwrite: true);
            }

            return files.Select(Path.GetFileName).OfType<string>();
        }

        var compiled = new List<string>();
        foreach (var file in files)
        {
            File.Delete(ReadyToRunCompiler.NiPath(file));
            var temporary = file + ".r2r-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            var failure = ReadyToRunCompiler.Compile(crossgen2, file, temporary, references.Where(r => r != file), target);
            if (failure == null)
            {
                File.Move(temporary, file, overwrite: true);
                compiled.Add(Path.GetFileName(file));
            }
            else
            {
                File.Delete(temporary);
                output.WriteLine("warning: ReadyToRun: " + Path.GetFileName(file) + " could not be compiled again (" + failure + "); it stays IL only and is JIT-compiled at start-up.");
            }
        }

        return compiled;
    }

    private static string Count<T>(IReadOnlyCollection<T> items) => items.Count + (items.Count == 1 ? " woven assembly" : " woven assemblies");

    // A self-contained app carries its runtime (its CoreLib's product version names it); a framework-dependent one runs
    // on the shared framework the host picks, which FrameworkLocator found the same way.
    private static (string? Version, IReadOnlyList<string> FrameworkDirectories) Runtime(ApplicationFolder application, string wovenFolder)
    {
        var coreLib = Path.Combine(wovenFolder, "System.Private.CoreLib.dll");
        if (File.Exists(coreLib))
        {
            var product = FileVersionInfo.GetVersionInfo(coreLib).ProductVersion;
            return (product == null ? null : PackageVersion(product), Array.Empty<string>());
        }

        var directories = application.Framework.SharedFrameworkDirectories;
        return (directories.Count == 0 ? null : Path.GetFileName(directories[0]), directories);
    }

    /// <summary>
    /// The version of the runtime's packages (crossgen2's among them) from CoreLib's product version. A released runtime
    /// says which build it is ("10.0.12-servicing.26422.108+commit", "10.0.0-rtm.25515.2+commit") while its packages
    /// carry the plain version (10.0.12); a preview's packages keep their label ("10.0.0-preview.7.25380.108").
    /// </summary>
    internal static string PackageVersion(string productVersion)
    {
        var version = productVersion.Split('+')[0];
        var dash = version.IndexOf('-');
        if (dash < 0)
        {
            return version;
        }

        var label = version.Substring(dash + 1);
        return label.StartsWith("servicing.", StringComparison.Ordinal) || label.StartsWith("rtm.", StringComparison.Ordinal) ? version.Substring(0, dash) : version;
    }

    private static (string Os, string Arch) Host() =>
        (OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "osx" : "linux", RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant());
}
