using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Tool.Fuzzing;

/// <summary>
/// Issue 17's mutation campaign, in the suite: seeded mutants of real assemblies and PDBs given to weave and scan in this
/// process (through the entry point Main uses), a handful as real processes, and the woven ones JIT-compiled. A bigger
/// campaign: AUDITWEAVER_FUZZ_MUTANTS=600 AUDITWEAVER_FUZZ_SEED=2 dotnet test Tests --filter FullyQualifiedName~Fuzzing.
/// Every failure a campaign finds is added to <see cref="Regressions"/> with its seed.
/// </summary>
[NonParallelizable]
public class MutationTests : TempFixture
{
    private const int DefaultMutants = 140;
    private const int DefaultSeed = 17;

    /// <summary>Mutants that once broke a rule: original (index into the campaign's originals), kind, seed; and what they found.</summary>
    private static readonly object[] s_regressions =
    {
        // Cecil: NotSupportedException in ReadMethodSemantics (a role it does not know); now "MethodSemantics row N gives ... the role".
        new object[] { 2, MutationKind.FlipTableStream, 1700073 },

        // Cecil: ArgumentOutOfRangeException in ReadParameter (a Param row numbered past the method's parameters).
        new object[] { 3, MutationKind.FlipAnywhere, 1700194 },

        // Two error lines for one file: the engine's "could not resolve ?" and the tool's "references ?" (one now).
        new object[] { 4, MutationKind.DuplicateChunk, 1700245 },

        // Cecil: ArgumentOutOfRangeException in ReadCLIHeader (the CLI header's directory outside every section, which
        // System.Reflection.Metadata took for "no CLI header": native code).
        new object[] { 4, MutationKind.FlipPeHeaders, 200155 },

        // The engine: "Sequence contains no matching element" looking for <Module> by name; now the first TypeDef row.
        new object[] { 0, MutationKind.FlipTableStream, 200166 },

        // Cecil: ArgumentNullOrEmptyException resolving a type reference with an empty name.
        new object[] { 2, MutationKind.DuplicateChunk, 200268 },

        // System.Reflection.Metadata: OverflowException in ReadStreamHeaders, in the tool's own first look at the file;
        // the validator now reads the image before anything else does.
        new object[] { 4, MutationKind.FlipMetadataRoot, 300168 },
    };

    private static IEnumerable<TestCaseData> Regressions() =>
        s_regressions.Cast<object[]>().Select(r => new TestCaseData(r[0], r[1], r[2]).SetName("Regression(" + MutationCampaign.Originals[(int)r[0]].Name + ", " + r[1] + ", " + r[2] + ")"));

    [Test]
    public void EveryMutantEndsInAResultOrOneLineNamingTheFile()
    {
        var count = Setting("AUDITWEAVER_FUZZ_MUTANTS", DefaultMutants);
        var seed = Setting("AUDITWEAVER_FUZZ_SEED", DefaultSeed);
        var failures = new List<string>();
        var woven = 0;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var mutant = MutationCampaign.Nth(seed, i);
            var (wasWoven, problems) = MutationCampaign.Check(mutant, Temp.File("m" + i), ToolRun.InProcess);
            woven += wasWoven ? 1 : 0;
            failures.AddRange(problems.Select(p => mutant + ": " + p));
        }

        TestContext.Progress.WriteLine("mutation campaign: seed " + seed + ", " + count + " mutants, " + woven + " woven, " + (count - woven) + " refused or failed, "
            + failures.Count + " broken rules, " + clock.Elapsed.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture) + " s");
        Assert.That(failures, Is.Empty, "seed " + seed + "; make one again with MutationCampaign.Nth(seed, i) or new Mutant(original, kind, seed)");
    }

    [TestCaseSource(nameof(Regressions))]
    public void Regression(int original, MutationKind kind, int seed)
    {
        var mutant = new Mutant(MutationCampaign.Originals[original], kind, seed);
        Assert.That(MutationCampaign.Check(mutant, Temp.File("m"), ToolRun.InProcess).Problems, Is.Empty, mutant.ToString());
    }

    [Test]
    public void AsRealProcesses()
    {
        // One mutant of each of a few kinds, through the program users start: what an in-process run cannot show (an
        // unhandled exception's exit, a crash of the process).
        var kinds = new[] { MutationKind.FlipTableStream, MutationKind.FlipBlobs, MutationKind.FlipMethodBody, MutationKind.CorruptPdb, MutationKind.HugeRowCount, MutationKind.Truncate };
        var failures = new List<string>();
        for (var i = 0; i < kinds.Length; i++)
        {
            var mutant = new Mutant(MutationCampaign.Originals[i % 2], kinds[i], 1000 + i);
            failures.AddRange(MutationCampaign.Check(mutant, Temp.File("p" + i), ToolRun.AsProgram).Problems.Select(p => mutant + ": " + p));
        }

        Assert.That(failures, Is.Empty);
    }

    [Test]
    public void WovenMutantsCompileWhereverTheirInputsDo()
    {
        // Mutants that weave (damage the validator cannot see: text in the heaps, operands within range), their inputs
        // and outputs each JIT-compiled method by method in a child process: the output may fail only where the input did.
        var kinds = new[] { MutationKind.FlipUserStrings, MutationKind.FlipStrings, MutationKind.FlipMethodBody, MutationKind.FlipBlobs };
        var inputs = new List<string>();
        var outputs = new List<string>();
        for (var i = 0; inputs.Count < 6 && i < 120; i++)
        {
            var original = MutationCampaign.Originals[2 + (i % 2)];
            var mutant = new Mutant(original, kinds[i % kinds.Length], 5000 + i);
            var folder = Temp.File("j" + i);
            var (woven, problems) = MutationCampaign.Check(mutant, folder, ToolRun.InProcess);
            Assert.That(problems, Is.Empty, mutant.ToString());
            if (woven)
            {
                inputs.Add(System.IO.Path.Combine(folder, "in", MutationCampaign.FileName(mutant)) + "\t" + original.References);
                outputs.Add(System.IO.Path.Combine(folder, "out", MutationCampaign.FileName(mutant)) + "\t" + original.References);
            }
        }

        Assert.That(inputs, Has.Count.EqualTo(6), "enough mutants weave");
        System.IO.File.WriteAllLines(Temp.File("inputs.txt"), inputs);
        System.IO.File.WriteAllLines(Temp.File("outputs.txt"), outputs);
        var before = PreparationResult.Parse(Child.Run("prepare-methods", Temp.File("inputs.txt")).Output);
        var after = PreparationResult.Parse(Child.Run("prepare-methods", Temp.File("outputs.txt")).Output);
        Assert.That(after.Prepared, Is.GreaterThan(0));
        var known = before.Failures.Select(f => f.Identity).ToHashSet();
        Assert.That(after.Failures.Where(f => !known.Contains(f.Identity)), Is.Empty);
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
