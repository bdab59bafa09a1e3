using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Tests.Infrastructure;

namespace Tests.Tool.Fuzzing;

/// <summary>
/// Gives one mutant to <c>weave</c> and to <c>scan</c> and checks issue 17's rules: each ends in bounded time, with exit
/// code 0, or 1 and exactly one line <c>error: &lt;file&gt;: ...</c>; no stack trace, no internal error; no output file
/// for a refused mutant; the input's bytes as they were.
/// </summary>
internal static class MutationCampaign
{
    /// <summary>Generous: a hang is what this catches, not slowness (a weave takes well under a second).</summary>
    internal static readonly TimeSpan PerRun = TimeSpan.FromSeconds(120);

    /// <summary>The originals: small and larger real assemblies, with a PDB beside, an embedded PDB, or none.</summary>
    internal static IReadOnlyList<Original> Originals => s_originals.Value;

    private static readonly Lazy<IReadOnlyList<Original>> s_originals = new(() => new[]
    {
        Original.Load(Path.Combine(Paths.PackageUserOutput, "DriftLibrary.dll"), Paths.PackageUserOutput),
        Original.Load(Paths.DebugLibrary("embedded"), Paths.PackageUserOutput),
        Original.Load(Path.Combine(Paths.PackageUserOutput, "Flurl.dll"), Paths.PackageUserOutput),
        Original.Load(Path.Combine(Paths.PackageUserOutput, "Serilog.Sinks.File.dll"), Paths.PackageUserOutput),
        Original.Load(Paths.AssemblyToProcess, Path.GetDirectoryName(Paths.RuntimeNetStandard)!),
    });

    /// <summary>The i-th mutant of a campaign with <paramref name="seed"/>: originals and kinds in turn, each with its own seed.</summary>
    internal static Mutant Nth(int seed, int i)
    {
        var kinds = Enum.GetValues<MutationKind>();
        return new Mutant(Originals[i % Originals.Count], kinds[(i / Originals.Count) % kinds.Length], unchecked((seed * 100_003) + i));
    }

    /// <summary>The mutant's file name in the input and output folders (by seed, so that many can be compared side by side).</summary>
    internal static string FileName(Mutant mutant) => "m" + Math.Abs(mutant.Seed).ToString(CultureInfo.InvariantCulture) + ".dll";

    /// <summary>Whether weave succeeded, and every broken rule (none: the mutant was handled as issue 17 asks).</summary>
    internal static (bool Woven, List<string> Problems) Check(Mutant mutant, string folder, Func<string[], ProcessResult> tool)
    {
        var input = Path.Combine(folder, "in", FileName(mutant));
        var output = Path.Combine(folder, "out");
        Directory.CreateDirectory(Path.GetDirectoryName(input)!);
        File.WriteAllBytes(input, mutant.Image);
        if (mutant.Pdb != null)
        {
            File.WriteAllBytes(Path.ChangeExtension(input, ".pdb"), mutant.Pdb);
        }

        var before = ToolRun.Snapshot(Path.GetDirectoryName(input)!);
        var problems = new List<string>();
        var weave = Run(tool, problems, "weave", input, "--out", output, "--reference", mutant.Original.References);
        var scan = Run(tool, problems, "scan", input, "--reference", mutant.Original.References);
        var written = File.Exists(Path.Combine(output, Path.GetFileName(input)));
        foreach (var (verb, result) in new[] { ("weave", weave), ("scan", scan) })
        {
            if (result != null)
            {
                Rules(result, verb, input, problems);
            }
        }

        if (weave != null && weave.ExitCode != 0 && written)
        {
            problems.Add("weave failed but wrote " + Path.GetFileName(input));
        }

        if (weave != null && weave.ExitCode == 0 && !written)
        {
            problems.Add("weave succeeded but wrote nothing");
        }

        if (!ToolRun.Snapshot(Path.GetDirectoryName(input)!).SequenceEqual(before))
        {
            problems.Add("the input folder changed");
        }

        return (weave?.ExitCode == 0 && written, problems);
    }

    private static ProcessResult? Run(Func<string[], ProcessResult> tool, List<string> problems, params string[] arguments)
    {
        var run = Task.Run(() => tool(arguments));
        try
        {
            if (!run.Wait(PerRun))
            {
                problems.Add(arguments[0] + " did not end within " + PerRun.TotalSeconds + " s");
                return null;
            }

            return run.Result;
        }
        catch (AggregateException exception)
        {
            problems.Add(arguments[0] + " threw " + exception.InnerException);
            return null;
        }
    }

    private static void Rules(ProcessResult result, string verb, string input, List<string> problems)
    {
        var text = result.Output + result.Error;
        if (result.ExitCode is not (0 or 1))
        {
            problems.Add(verb + " exited " + result.ExitCode + ": " + result.Error);
        }

        if (text.Contains("Unhandled exception", StringComparison.Ordinal) || text.Contains("\n   at ", StringComparison.Ordinal) || text.Contains("internal error", StringComparison.Ordinal))
        {
            problems.Add(verb + " printed a stack trace or an internal error: " + result.Error);
        }

        var errors = result.Error.Split('\n').Where(l => l.StartsWith("error: ", StringComparison.Ordinal)).ToList();
        if (result.ExitCode == 1 && (errors.Count != 1 || !errors[0].StartsWith("error: " + input + ": ", StringComparison.Ordinal)))
        {
            problems.Add(verb + " failed without exactly one line naming the file: " + result.Error);
        }

        if (result.ExitCode == 0 && errors.Count > 0)
        {
            problems.Add(verb + " succeeded with errors: " + result.Error);
        }
    }
}
