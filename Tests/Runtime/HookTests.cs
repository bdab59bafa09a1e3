using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AuditWeaver;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Runtime;

/// <summary>
/// PEP 578 semantics of the hook list. Hooks added here stay for the life of the test process, so each one reacts only
/// to events named after its own test.
/// </summary>
public class HookTests
{
    [Test]
    public void HooksRunInTheOrderAddedOnTheRaisingThread()
    {
        var name = EventName.Unique("order");
        var seen = new List<(int Hook, int Thread)>();
        for (var i = 0; i < 3; i++)
        {
            var hook = i;
            Audit.AddHook(e =>
            {
                if (e.Name == name)
                {
                    seen.Add((hook, Environment.CurrentManagedThreadId));
                }
            });
        }

        Audit.Raise(name);

        Assert.That(seen.Select(s => s.Hook), Is.EqualTo(new[] { 0, 1, 2 }));
        Assert.That(seen.Select(s => s.Thread), Is.All.EqualTo(Environment.CurrentManagedThreadId));
    }

    [Test]
    public void TheFirstHookEnablesCallSites()
    {
        // Needs a process of its own: this one has had hooks since its first test.
        var run = Child.Run("first-hook");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Output, Is.EqualTo("before=False\nafter=True\n"));
    }

    [Test]
    public void AddingAHookRaisesAuditAddHookToTheHooksAlreadyThere()
    {
        using var recorder = AuditRecorder.Start();
        Audit.AddHook(NamedHookForTheAddHookTest);

        var added = recorder.Single("audit.addhook");
        Assert.That(added.Category, Is.EqualTo("audit"));
        Assert.That(added.ArgumentNames, Is.EqualTo(new[] { "hook" }));
        Assert.That(added.Arguments[0], Is.EqualTo(typeof(HookTests).FullName + "." + nameof(NamedHookForTheAddHookTest)));
    }

    [Test]
    public void AVetoingHookStopsANewHookAndTheExceptionReachesTheCaller()
    {
        // Needs a process of its own: the veto would refuse every later hook in this one.
        var run = Child.Run("veto");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Output, Does.Contain("refused: Audit event 'audit.addhook' was denied: no more hooks"));
        Assert.That(run.Output, Does.Contain("refused-hook-ran=False"));
        Assert.That(run.Output, Does.Not.Contain("added"));
    }

    [Test]
    public void AThrowingHookStopsLaterHooksAndPropagatesUnchanged()
    {
        var name = EventName.Unique("deny");
        var failure = new InvalidOperationException("stop");
        var laterRan = false;
        Audit.AddHook(e =>
        {
            if (e.Name == name)
            {
                throw failure;
            }
        });
        Audit.AddHook(e => laterRan |= e.Name == name);

        var thrown = Assert.Throws<InvalidOperationException>(() => Audit.Raise(name, "x"));

        Assert.That(thrown, Is.SameAs(failure));
        Assert.That(laterRan, Is.False);
    }

    [Test]
    public void EventsRaisedInsideAHookDoNotReachTheHooksAgain()
    {
        var outer = EventName.Unique("outer");
        var inner = EventName.Unique("inner");
        var seen = new List<string>();
        Audit.AddHook(e =>
        {
            if (e.Name == outer || e.Name == inner)
            {
                seen.Add(e.Name);
            }

            if (e.Name == outer)
            {
                Audit.Raise(inner);
            }
        });

        Audit.Raise(outer);
        Audit.Raise(inner);

        Assert.That(seen, Is.EqualTo(new[] { outer, inner }), "the inner event raised by the hook is suppressed; the later one is not");
    }

    [Test]
    public void WovenCallsMadeByAHookAreNotAudited()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("probe.txt", "x");
        var trigger = EventName.Unique("trigger");
        var nested = new List<AuditEvent>();
        dynamic files = Woven.Create("FileScenarios");
        Audit.AddHook(e =>
        {
            if (e.Name == trigger)
            {
                files.Exists(path);
            }
            else if (e.Name == "file.stat" && (string?)e.Arguments[0] == path)
            {
                nested.Add(e);
            }
        });

        Audit.Raise(trigger);
        Assert.That(nested, Is.Empty);

        files.Exists(path);
        Assert.That(nested, Has.Count.EqualTo(1), "outside a hook the same call is audited");
    }

    [Test]
    public void AHookSeesEveryEventRaisedAfterAddHookReturnedOnAnyThread()
    {
        var name = EventName.Unique("concurrent");
        const int threads = 4;
        const long enough = 1000;
        var added = 0;
        var stop = 0;
        var raised = 0L;
        var raisedAfter = 0L;
        var seenByLate = 0L;
        var seenByFirst = 0L;
        Audit.AddHook(e =>
        {
            if (e.Name == name)
            {
                Interlocked.Increment(ref seenByFirst);
            }
        });

        var workers = Enumerable.Range(0, threads).Select(_ => Task.Run(() =>
        {
            while (Volatile.Read(ref stop) == 0)
            {
                // The flag is read before raising: a raise that saw it happens after AddHook returned.
                var after = Volatile.Read(ref added) == 1;
                Audit.Raise(name, after);
                Interlocked.Increment(ref raised);
                if (after)
                {
                    Interlocked.Increment(ref raisedAfter);
                }
            }
        })).ToArray();

        // Hooks are added while the workers raise; none of them may see a torn list or miss an event. The workers run
        // until told to stop, so they are still raising when the late hook arrives and after it (a worker that failed
        // ends the waits, and Task.WaitAll reports its exception).
        SpinWait.SpinUntil(() => Interlocked.Read(ref raised) >= enough || workers.Any(w => w.IsCompleted));
        for (var i = 0; i < 20; i++)
        {
            Audit.AddHook(_ => { });
        }

        Audit.AddHook(e =>
        {
            if (e.Name == name && e.Arguments[0] is true)
            {
                Interlocked.Increment(ref seenByLate);
            }
        });
        Volatile.Write(ref added, 1);
        SpinWait.SpinUntil(() => Interlocked.Read(ref raisedAfter) >= enough || workers.Any(w => w.IsCompleted));
        Volatile.Write(ref stop, 1);
        Task.WaitAll(workers);

        Assert.That(Interlocked.Read(ref raisedAfter), Is.GreaterThan(0), "the workers raised after the late hook was added");
        Assert.That(Interlocked.Read(ref seenByFirst), Is.EqualTo(Interlocked.Read(ref raised)), "the first hook saw every event exactly once");
        Assert.That(Interlocked.Read(ref seenByLate), Is.EqualTo(Interlocked.Read(ref raisedAfter)), "the late hook saw every event raised after it was added");
    }

    [Test]
    public void ConcurrentAddHookLosesNoHook()
    {
        var name = EventName.Unique("adds");
        var calls = new ConcurrentBag<int>();
        Parallel.For(0, 64, i => Audit.AddHook(e =>
        {
            if (e.Name == name)
            {
                calls.Add(i);
            }
        }));

        Audit.Raise(name);

        Assert.That(calls.OrderBy(i => i), Is.EqualTo(Enumerable.Range(0, 64)));
    }

    [Test]
    public void RaiseBuildsAUserEventWithoutCallSiteInformation()
    {
        using var recorder = AuditRecorder.Start();
        var arguments = new object?[] { "bob", 3, null };
        Audit.Raise("myapp.login", arguments);
        arguments[0] = "mallory";

        var e = recorder.Single("myapp.login");
        Assert.Multiple(() =>
        {
            Assert.That(e.Category, Is.EqualTo("myapp"));
            Assert.That(e.Arguments, Is.EqualTo(new object?[] { "bob", 3, null }), "the event keeps its own copy of the arguments");
            Assert.That(e.ArgumentNames, Is.Null);
            Assert.That(e.Api, Is.Null);
            Assert.That(e.Caller, Is.Null);
            Assert.That(e.SourceFile, Is.Null);
            Assert.That(e.Line, Is.Null);
            Assert.That(e.ToString(), Is.EqualTo("myapp.login(\"bob\", 3, null)"));
        });
    }

    [Test]
    public void RaiseWithoutADotUsesTheWholeNameAsCategory()
    {
        using var recorder = AuditRecorder.Start();
        Audit.Raise("checkpoint");
        Assert.That(recorder.Single("checkpoint").Category, Is.EqualTo("checkpoint"));
    }

    [TestCase("")]
    [TestCase("has space")]
    [TestCase("tab\there")]
    public void RaiseRejectsBadNames(string name)
    {
        var exception = Assert.Throws<ArgumentException>(() => Audit.Raise(name));
        Assert.That(exception!.ParamName, Is.EqualTo("name"));
    }

    [Test]
    public void AddHookRejectsNull()
    {
        Assert.Throws<ArgumentNullException>(() => Audit.AddHook(null!));
    }

    [Test]
    public void ToStringQuotesAndEscapesArguments()
    {
        using var recorder = AuditRecorder.Start();
        Audit.Raise("test.format", "a\"b\\c\nd", 1.5, true, System.IO.FileMode.Open, new Uri("http://x/"));
        Assert.That(
            recorder.Single("test.format").ToString(),
            Is.EqualTo("test.format(\"a\\\"b\\\\c\\nd\", 1.5, true, Open, \"http://x/\")"));
    }

    [Test]
    public void DeniedExceptionNamesTheEvent()
    {
        using var recorder = AuditRecorder.Denying("test.denied");
        var exception = Assert.Throws<AuditDeniedException>(() => Audit.Raise("test.denied"));
        Assert.That(exception!.Event!.Name, Is.EqualTo("test.denied"));
        Assert.That(exception.Message, Is.EqualTo("Audit event 'test.denied' was denied: denied by the test"));
    }

    private static void NamedHookForTheAddHookTest(AuditEvent auditEvent)
    {
    }
}
