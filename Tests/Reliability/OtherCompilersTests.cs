using NUnit.Framework;

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
}
