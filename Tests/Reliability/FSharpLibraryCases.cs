using System.Collections.Generic;
using NUnit.Framework;
using static Tests.Reliability.ExpectedEvent;

namespace Tests.Reliability;

/// <summary>Fixtures/FSharpLibrary's entry points (F#, tail calls on): what each returns or throws and the events it raises when woven.</summary>
internal static class FSharpLibraryCases
{
    internal static IEnumerable<TestCaseData> Cases => LibraryChecks.OnEachFront(
        CompilerFixture.FSharp,
        // The tail-call sites: deleteLast and existsLast end in tail. callvirt, delegateLast's tail. is dropped.
        ("removeInput", "returned False", new[] { Delete("input.txt"), Exists("input.txt") }),
        ("removeFolder", "threw System.IO.IOException: Directory not empty : '<dir>/sub'", new[] { Delete("sub") }),
        ("delegateRead", "returned " + FixtureFolder.Input, new[] { "reflection.createdelegate(method: \"System.String ReadAllText(System.String)\", target: null)", Read("input.txt") }),
        ("readMissing", "threw System.IO.FileNotFoundException: Could not find file '<dir>/missing.txt'.", new[] { Read("missing.txt") }),
        ("readOrDefault", "returned missing missing.txt", new[] { Read("missing.txt") }),
        (
            "describe", "returned input.txt file 16;missing.txt none;sub dir 1", new[]
            {
                Exists("input.txt"), Exists("input.txt"), Stat("input.txt", "attributes"),
                Exists("missing.txt"), Exists("missing.txt"),
                Exists("sub"), Exists("sub"), List("sub", "*"),
            }),
        (
            "closures", "returned one.txt=0,two.txt=1", new[]
            {
                Write("one.txt"), Write("two.txt"),
                Exists("one.txt"), Exists("two.txt"), Exists("three.txt"),
                Read("one.txt"), Read("two.txt"),
            }),
        ("listing", "returned input.txt", new[] { List(string.Empty, "*.txt") }),
        ("asyncCopy", "returned HELLO FROM INPUT", new[] { Read("input.txt"), Write("async.txt"), Read("async.txt") }),
        ("taskCopy", "returned 16", new[] { Read("input.txt"), Write("task.txt") }),
        ("dotnetVersion", "returned exit 0, ", new[] { DotnetVersion }));
}
