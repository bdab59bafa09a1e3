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

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
