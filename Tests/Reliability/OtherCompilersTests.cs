using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Reliability;

/// <summary>
/// Libraries compiled by F# (tail calls on) and by Visual Basic, woven by Fody and by the tool: every method still
/// JIT-compiles, and every entry point returns or throws as before and raises its events, from tail calls, closures,
/// filters, iterators, async and task state machines, method groups and Microsoft.VisualBasic's own file functions.
/// </summary>
public class OtherCompilersTests
{
    [TestCaseSource(typeof(FSharpLibraryCases), nameof(FSharpLibraryCases.Cases))]
    [TestCaseSource(typeof(VbLibraryCases), nameof(VbLibraryCases.Cases))]
    public void BehavesAsBeforeAndRaisesItsEvents(string library, string entryPoint, WeavingFront front, string outcome, string[] events) =>
        LibraryChecks.BehavesAsBefore(CompilerFixture.Named(library), front, entryPoint, outcome, events);

    [Test]
    public void EveryWovenMethodCompiles([Values("FSharpLibrary", "VbLibrary")] string library, [Values] WeavingFront front) =>
        LibraryChecks.EveryMethodCompiles(CompilerFixture.Named(library), front, minimumSites: 20);

    // The runs above have a hook; this one is the default a library ships into: no hook, so no event and no detour.
    [Test]
    public void WithNoHookEveryEntryPointBehavesAsBefore([Values("FSharpLibrary", "VbLibrary")] string library)
    {
        var fixture = CompilerFixture.Named(library);
        var cases = library == "FSharpLibrary" ? FSharpLibraryCases.Cases : VbLibraryCases.Cases;
        var entryPoints = cases.Select(c => (string)c.Arguments[1]!).Distinct().ToList();
        using var temp = new TempDirectory();
        var folder = Path.Combine(temp.Path, "work");
        var expected = new List<string> { "enabled=False" };
        foreach (var entryPoint in entryPoints)
        {
            FixtureFolder.Seed(folder);
            expected.Add(entryPoint + " " + fixture.Run(fixture.Unwoven, entryPoint, folder));
        }

        var (_, exitCode, output, error) = Child.Run(new[] { "compiled-library", fixture.WovenPath(WeavingFront.Fody), fixture.OutputFolder, fixture.ScenariosType, folder }.Concat(entryPoints).ToArray());

        Assert.That(exitCode, Is.Zero, error);
        Assert.That(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(expected));
    }
}
