using System;
using System.Linq;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Runtime;

/// <summary>
/// Woven call sites refill one event object per thread while no hook or consumer can keep an event, and allocate one per
/// event otherwise. Each case runs in a child process: hooks cannot be removed.
/// </summary>
[TestFixture]
public class EventReuseTests
{
    [Test]
    public void HooksThatOnlyReadTheEventCostNoAllocationAndSeeEachEventsOwnValues()
    {
        var run = Scenario("reader");

        // File.Exists allocates nothing itself, so the woven call matches the unwoven one byte for byte.
        Assert.That(Value(run, "no-op-bytes"), Is.Zero, run.ToString());
        Assert.That(Value(run, "readers-bytes"), Is.Zero, run.ToString());
        Assert.That(Value(run, "denying-filter-bytes"), Is.Zero, run.ToString());
        Assert.That(Value(run, "switch-bytes"), Is.Zero, run.ToString());
        Assert.That(Value(run, "keeper-bytes"), Is.Zero, run.ToString());
        Assert.That(Text(run, "seen").Split('|').Select(p => System.IO.Path.GetFileName(p)), Is.EqualTo(new[] { "a.txt", "b.txt" }));
    }

    [Test]
    public void ACaptureGetsEventsOfItsOwnAndReuseResumesWhenItCloses()
    {
        var run = Scenario("reader");

        Assert.That(Text(run, "captured"), Is.EqualTo("c.txt|d.txt"), run.ToString());
        Assert.That(Value(run, "after-capture-bytes"), Is.Zero, run.ToString());
    }

    [Test]
    public void EachThreadRefillsItsOwnEventAndLetsItGoWhenItEnds()
    {
        var run = Scenario("reader");

        Assert.That(Value(run, "threads-bytes"), Is.Zero, run.ToString());
        Assert.That(Text(run, "thread-matches"), Is.EqualTo("2000|2000|2000|2000"), run.ToString());
        Assert.That(Value(run, "thread-mismatches"), Is.Zero, run.ToString());
        Assert.That(Value(run, "thread-spares"), Is.EqualTo(4), run.ToString());
        Assert.That(Value(run, "thread-spares-alive"), Is.Zero, run.ToString());
    }

    [TestCase("list")]
    [TestCase("lambda-list")]
    [TestCase("closure")]
    [TestCase("dynamic")]
    public void AHookThatKeepsItsEventsGetsAFreshObjectForEach(string keeper)
    {
        var run = Scenario(keeper);

        Assert.That(Value(run, "readers-bytes"), Is.Zero, run.ToString());
        Assert.That(Value(run, "keeper-bytes"), Is.GreaterThanOrEqualTo(64 * 1000), run.ToString());
        Assert.That(Text(run, "kept"), Is.EqualTo("f.txt|g.txt"), run.ToString());
    }

    [Test]
    public void AHookThatPassesItsEventOnGetsFreshObjects()
    {
        var run = Scenario("pass-on");

        Assert.That(Value(run, "keeper-bytes"), Is.GreaterThanOrEqualTo(64 * 1000), run.ToString());
    }

    [Test]
    public void AHookMayKeepTheArgumentsOfAnEventThatIsReused()
    {
        // Arguments hands out a copy, not a view of the event: it stays right after the event object is refilled.
        var run = Scenario("arguments");

        Assert.That(Text(run, "views"), Is.EqualTo("f.txt|g.txt"), run.ToString());
        Assert.That(Text(run, "seen").Split('|').Select(p => System.IO.Path.GetFileName(p)), Is.EqualTo(new[] { "a.txt", "b.txt" }));
    }

    private static ProcessResult Scenario(string keeper)
    {
        using var temp = new TempDirectory();
        var run = Child.Run("event-reuse", Woven.AssemblyPath, Paths.AssemblyToProcess, temp.Path, keeper);
        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        return run;
    }

    private static string Text(ProcessResult run, string key)
    {
        var prefix = key + "=";
        var line = run.Output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        Assert.That(line, Is.Not.Null, "no " + key + " in " + run);
        return line!.Substring(prefix.Length);
    }

    private static long Value(ProcessResult run, string key) => long.Parse(Text(run, key), System.Globalization.CultureInfo.InvariantCulture);
}
