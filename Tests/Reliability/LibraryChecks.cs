using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AuditWeaver;
using Mono.Cecil;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Reliability;

/// <summary>What every library from another compiler must show once woven, whichever compiler and front.</summary>
internal static class LibraryChecks
{
    /// <summary>Each entry point's expectations once per front, as the cases of <see cref="BehavesAsBefore"/>.</summary>
    internal static IEnumerable<TestCaseData> OnEachFront(CompilerFixture fixture, params (string EntryPoint, string Outcome, string[] Events)[] entryPoints) =>
        entryPoints.SelectMany(e => Enum.GetValues<WeavingFront>().Select(front => new TestCaseData(fixture.Name, e.EntryPoint, front, e.Outcome, e.Events)));

    /// <summary>
    /// Runs <paramref name="entryPoint"/> unwoven and then woven, each in the same freshly seeded folder, and asserts the
    /// same outcome (value or exception) and the same files afterwards; the unwoven run raises nothing, the woven run
    /// exactly <paramref name="expectedEvents"/>. The folder's path reads as &lt;dir&gt; in outcomes and events.
    /// </summary>
    internal static void BehavesAsBefore(CompilerFixture fixture, WeavingFront front, string entryPoint, string expectedOutcome, string[] expectedEvents)
    {
        using var temp = new TempDirectory();
        var folder = Path.Combine(temp.Path, "work");

        FixtureFolder.Seed(folder);
        string unwoven;
        using (var quiet = AuditRecorder.Start())
        {
            unwoven = fixture.Run(fixture.Unwoven, entryPoint, folder);
            Assert.That(quiet.Events, Is.Empty, "the unwoven library raised events");
        }

        var unwovenFiles = Files(folder);

        FixtureFolder.Seed(folder);
        using var recorder = AuditRecorder.Start();
        var woven = fixture.Run(fixture.Woven(front), entryPoint, folder);
        var events = recorder.Events.Select(e => Describe(e, folder)).ToList();

        Assert.That(woven, Is.EqualTo(unwoven));
        Assert.That(woven.Replace(folder, "<dir>"), Does.StartWith(expectedOutcome));
        Assert.That(Files(folder), Is.EqualTo(unwovenFiles));
        Assert.That(events, Is.EqualTo(expectedEvents));
    }

    /// <summary>Every method of the woven library JIT-compiles, and the weaving changed at least <paramref name="minimumSites"/> call sites.</summary>
    internal static void EveryMethodCompiles(CompilerFixture fixture, WeavingFront front, int minimumSites)
    {
        var woven = MethodPreparer.Prepare(fixture.Woven(front));

        Assert.That(woven.Failures, Is.Empty);
        Assert.That(woven.Prepared, Is.GreaterThanOrEqualTo(MethodPreparer.Prepare(fixture.Unwoven).Prepared));
        using var module = ModuleDefinition.ReadModule(fixture.WovenPath(front));
        var raises = module.GetTypes().SelectMany(t => t.Methods).Where(m => m.HasBody).SelectMany(m => m.Body.Instructions)
            .Count(i => i.Operand is MethodReference { Name: "Raise", DeclaringType.FullName: "AuditWeaver.Weaving.SiteTable" });
        Assert.That(raises, Is.GreaterThanOrEqualTo(minimumSites));
    }

    private static string Describe(AuditEvent auditEvent, string folder) =>
        (auditEvent.Name + "(" + auditEvent.FormatArguments() + ")").Replace(folder, "<dir>");

    // Each file's path below the folder with its text, so that two runs compare as data.
    private static Dictionary<string, string> Files(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), File.ReadAllText);
}
