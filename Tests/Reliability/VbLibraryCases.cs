using System.Collections.Generic;
using NUnit.Framework;
using static Tests.Reliability.ExpectedEvent;

namespace Tests.Reliability;

/// <summary>Fixtures/VbLibrary's entry points (Visual Basic): what each returns or throws and the events it raises when woven.</summary>
internal static class VbLibraryCases
{
    internal static IEnumerable<TestCaseData> Cases => LibraryChecks.OnEachFront(
        CompilerFixture.VisualBasic,
        ("ReadWithUsing", "returned " + FixtureFolder.Input, new[] { Read("input.txt") }),

        // The second event is raised by a call inside the exception filter, before the handler is chosen.
        ("FilterCallsApi", "returned filtered missing.txt", new[] { Read("missing.txt"), Exists("input.txt") }),
        ("FilterDeclines", "returned second handler FileNotFoundException", new[] { Read("missing.txt") }),
        ("ReadMissing", "threw System.IO.FileNotFoundException: Could not find file '<dir>/missing.txt'.", new[] { Read("missing.txt") }),
        (
            "SelectCase", "returned input.txt 16;sub 1;missing.txt False;other False",
            new[] { Stat("input.txt", "attributes"), List("sub", "*"), Exists("missing.txt"), Exists("other") }),
        (
            "Lines", "returned input.txt:" + FixtureFolder.Input + "|inner.txt:inner",
            new[] { List(string.Empty, "*.txt"), Read("input.txt"), Read("sub/inner.txt") }),
        ("CopyAsync", "returned HELLO FROM INPUT", new[] { Read("input.txt"), Write("async.txt"), Read("async.txt") }),

        // AddressOf File.Exists is a method group: both calls through the delegate raise file.stat.
        ("Delegates", "returned True False", new[] { Write("lambda.txt"), Exists("lambda.txt"), Exists("missing.txt") }),
        (
            "VisualBasicRuntime", "returned 16 False", new[]
            {
                Stat("input.txt", "attributes"),
                "file.copy(source: \"<dir>/input.txt\", destination: \"<dir>/copy.txt\", overwrite: false)",
                Delete("copy.txt"),
                Exists("copy.txt"),
            }),
        ("DotnetVersion", "returned exit 0, ", new[] { DotnetVersion }));
}
