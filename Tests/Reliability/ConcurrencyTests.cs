using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Reliability;

/// <summary>
/// The hook list under concurrent raising, registration, blocking, throwing and re-entrant hooks. Each scenario runs in
/// a child process (<see cref="ConcurrencyChild"/>), because its hooks cannot be removed; a deadlock there is reported
/// by a watchdog as exit code 3, not by a time limit on how fast anything runs.
/// </summary>
public class ConcurrencyTests : TempFixture
{
    [Test]
    public void EveryCallThatStartsAfterAddHookReturnedReachesTheHookExactlyOnce()
    {
        var result = Run("burst");

        Assert.Multiple(() =>
        {
            Assert.That(result["hooks"], Is.EqualTo(49));
            Assert.That(result["checked"], Is.GreaterThanOrEqualTo(result["minimum-checked"]), "every hook was checked against the calls after its registration");
            Assert.That(result["minimum-checked"], Is.EqualTo(49L * 4 * 1000));
            Assert.That(result["missed"], Is.Zero);
            Assert.That(result["duplicated"], Is.Zero);
            Assert.That(result["errors"], Is.Zero);
        });
    }

    [Test]
    public void AHookBlockedInOneThreadsEventHoldsUpNoOtherThread()
    {
        var result = Run("blocking");

        Assert.Multiple(() =>
        {
            Assert.That(result["raised-while-blocked"], Is.EqualTo(200), "a hook added while another blocks sees the other threads' events");
            Assert.That(result["blocked-thread-alive"], Is.EqualTo(1), "the blocked call was still inside its hook meanwhile");
            Assert.That(result["late-hook-saw-blocked-event"], Is.Zero, "an event dispatches to the hooks there were when it was raised");
            Assert.That(result["late-hook-saw-later-event"], Is.EqualTo(1));
            Assert.That(result["errors"], Is.Zero);
        });
    }

    [Test]
    public void AHookBlockedOnAuditAddHookDelaysOnlyRegistration()
    {
        var result = Run("blocking-addhook");

        Assert.Multiple(() =>
        {
            Assert.That(result["raised-while-addhook-blocked"], Is.EqualTo(200), "events are not held up by a registration in progress");
            Assert.That(result["first-hook-vetted-second"], Is.EqualTo(1), "the second AddHook waited for the first, whose hook then saw it coming");
            Assert.That(result["errors"], Is.Zero);
        });
    }

    [Test]
    public void AHookDoingAuditedWorkOnManyThreadsNeitherRecursesNorSeesItsOwnEvents()
    {
        var result = Run("reentrant");

        Assert.Multiple(() =>
        {
            Assert.That(result["outer-reads"], Is.EqualTo(1000));
            Assert.That(result["hook-ran"], Is.EqualTo(1000), "once per read outside a hook: its own reads did not come back to it");
            Assert.That(result["inner-reads"], Is.EqualTo(1000), "the woven read inside the hook ran");
            Assert.That(result["earlier-hook-saw"], Is.EqualTo(1000));
            Assert.That(result["later-hook-saw"], Is.EqualTo(1000), "the hook's own reads reach no hook, on any thread");
            Assert.That(result["errors"], Is.Zero);
        });
    }

    [Test]
    public void AHookThrowingInABurstFailsExactlyItsCallsBeforeTheyRun()
    {
        var result = Run("throwing");

        Assert.Multiple(() =>
        {
            Assert.That(result["calls"], Is.EqualTo(200));
            Assert.That(result["failed"], Is.EqualTo(200 / 7));
            Assert.That(result["failed-are-those-the-hook-threw"], Is.EqualTo(1));
            Assert.That(result["same-exception-objects"], Is.EqualTo(1), "the caller gets the hook's exception object unchanged");
            Assert.That(result["failed-files-created"], Is.Zero, "the API did not run for a failed call");
            Assert.That(result["succeeded-files-written"], Is.EqualTo(200 - (200 / 7)));
            Assert.That(result["later-hook-saw-failed"], Is.Zero);
            Assert.That(result["later-hook-saw-succeeded"], Is.EqualTo(200 - (200 / 7)));
            Assert.That(result["afterwards-dispatched"], Is.EqualTo(1));
            Assert.That(result["errors"], Is.Zero);
        });
    }

    [Test]
    public void AuditedWorkInAConsumersCallbackStillReachesTheHooks()
    {
        var result = Run("consumer-callbacks");

        Assert.Multiple(() =>
        {
            Assert.That(result["hook-saw-predicate-work"], Is.EqualTo(1), "a capture's deny predicate is no place to hide work from the hooks");
            Assert.That(result["hook-saw-listener-work"], Is.EqualTo(1), "nor is an EventListener's callback");
            Assert.That(result["recursive-predicate-calls"], Is.EqualTo(1), "the predicate's own event does not come back to it");
            Assert.That(result["hook-saw-recursive"], Is.EqualTo(2), "the call, and the predicate's call inside it");
        });
    }

    // The child's key=value lines, with True/False as 1/0.
    private Dictionary<string, long> Run(string scenario)
    {
        var (_, exitCode, output, error) = Child.Run("concurrency", scenario, Woven.AssemblyPath, Temp.Path);
        Assert.That(exitCode, Is.Zero, output + error);
        TestContext.Out.WriteLine(output);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2))
            .Where(pair => pair.Length == 2 && !pair[0].Contains(' ', StringComparison.Ordinal))
            .ToDictionary(pair => pair[0], pair => pair[1] switch
            {
                "True" => 1L,
                "False" => 0L,
                "completed" => 1L,
                var number => long.Parse(number, CultureInfo.InvariantCulture),
            });
    }
}
