using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.Loader;
using System.Threading.Tasks;
using AuditWeaver;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Reliability;

/// <summary>
/// Runs a woven DebugLibrary: every step does what it did before weaving, raises its events from the user's source line
/// (when the assembly has symbols), and an exception's stack trace still names the line that threw.
/// </summary>
internal static class WovenDebugLibrary
{
    private const string MappedSource = "/_/DebugLibrary/Steps.cs";

    internal static void RunAndAssert(string wovenPath, bool hasSymbols)
    {
        var context = new AssemblyLoadContext("debuglibrary-" + Guid.NewGuid().ToString("N"), isCollectible: true);
        try
        {
            var assembly = context.LoadFromAssemblyPath(wovenPath);
            dynamic steps = Activator.CreateInstance(assembly.GetType("DebugLibrary.Steps", throwOnError: true)!)!;
            using var data = new TempDirectory();
            using var recorder = AuditRecorder.Denying("process.start");

            Assert.That((string)steps.Scoped(data.Path), Is.EqualTo("hello"));
            var copy = recorder.Single("file.copy");
            Assert.That(copy.Arguments[0], Is.EqualTo(data.File("first.txt")));
            AssertLocation(copy, hasSymbols, "File.Copy(first, second);");

            var missing = Path.Combine(data.Path, "no-such-folder", "file.txt");
            var thrown = Assert.Throws<DirectoryNotFoundException>(() => steps.Guarded(missing))!;
            if (hasSymbols)
            {
                var frame = new StackTrace(thrown, true).GetFrames().First(f => f.GetMethod()?.Name == "Guarded");
                Assert.That(frame.GetFileLineNumber(), Is.EqualTo(Line("File.WriteAllText(path + \".log\"")), "the stack trace names the line in the finally block");
            }

            Assert.That(((Task<int>)steps.ReadBothAsync(data.File("first.txt"), data.File("second.txt"))).GetAwaiter().GetResult(), Is.EqualTo(11));
            Assert.That(((IEnumerable<bool>)steps.Probe(new[] { data.File("first.txt"), missing })).ToArray(), Is.EqualTo(new[] { true, false }));
            Assert.That((int)steps.Lambdas(data.Path), Is.EqualTo(10));
            var lambdaWrite = recorder.Named("file.open").Last(e => Equals(e.Arguments[0], data.File("lambda.txt")) && Equals(e.Arguments[1], "Create"));
            AssertLocation(lambdaWrite, hasSymbols, "File.WriteAllText(target, text);");
            Assert.That((int)steps.Count(data.Path), Is.EqualTo(3));

            var denied = Assert.Throws<AuditDeniedException>(() => steps.Start("true"))!;
            Assert.That(denied.Message, Does.Contain("process.start"));
            AssertLocation(recorder.Single("process.start"), hasSymbols, "Process.Start(");
        }
        finally
        {
            context.Unload();
        }
    }

    private static void AssertLocation(AuditEvent audited, bool hasSymbols, string sourceText)
    {
        Assert.That(audited.SourceFile, Is.EqualTo(hasSymbols ? MappedSource : null), audited.ToString());
        Assert.That(audited.Line, Is.EqualTo(hasSymbols ? Line(sourceText) : null), audited.ToString());
    }

    internal static int Line(string text)
    {
        var lines = File.ReadAllLines(Path.Combine(Paths.RepositoryRoot, "Fixtures", "DebugLibrary", "Steps.cs"));
        var matches = Enumerable.Range(0, lines.Length).Where(i => lines[i].Contains(text, StringComparison.Ordinal)).ToList();
        Assert.That(matches, Has.Count.EqualTo(1), text);
        return matches[0] + 1;
    }
}
