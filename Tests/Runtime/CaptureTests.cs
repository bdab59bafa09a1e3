using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AuditWeaver;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Runtime;

/// <summary><c>Audit.Capture()</c>: the events of one async flow, for the user's own unit tests.</summary>
public class CaptureTests : TempFixture
{
    [Test]
    public void CapturesAWovenCallSiteWithAllItsFields()
    {
        var path = Temp.Write("a.txt", "x");
        dynamic files = Woven.Create("FileScenarios");

        using var capture = Audit.Capture();
        files.ReadAllText(path);

        var opened = capture.Events.Single(e => e.Name == "file.open");
        Assert.That(opened.Arguments, Is.EqualTo(new object?[] { path, "Open", "Read" }));
        Assert.That(opened.Api, Is.EqualTo("M:System.IO.File.ReadAllText(System.String)"));
    }

    [Test]
    public async Task FollowsAwaitsAndTasksStartedInsideButNotOtherFlows()
    {
        var name = EventName.Unique("capture");
        using var capture = Audit.Capture();

        Audit.Raise(name, "before-await");
        await Task.Yield();
        Audit.Raise(name, "after-await");
        await Task.Run(() => Audit.Raise(name, "task"));
        await Task.WhenAll(Enumerable.Range(0, 3).Select(i => Task.Run(async () =>
        {
            await Task.Delay(1);
            Audit.Raise(name, "nested-" + i);
        })));
        RaiseOutsideTheFlow(name, "elsewhere");

        Assert.That(
            capture.Events.Where(e => e.Name == name).Select(e => (string)e.Arguments[0]!).OrderBy(s => s, StringComparer.Ordinal),
            Is.EqualTo(new[] { "after-await", "before-await", "nested-0", "nested-1", "nested-2", "task" }));
    }

    [Test]
    public void StopsAtDisposeEvenForTasksStartedInside()
    {
        var name = EventName.Unique("capture");
        using var release = new ManualResetEventSlim();
        Task late;
        AuditCapture capture;
        using (capture = Audit.Capture())
        {
            late = Task.Run(() =>
            {
                release.Wait();
                Audit.Raise(name, "late");
            });
            Audit.Raise(name, "inside");
        }

        release.Set();
        late.Wait();
        Audit.Raise(name, "after");

        Assert.That(capture.Events.Select(e => e.Arguments[0]), Is.EqualTo(new[] { "inside" }));
    }

    [Test]
    public void HooksKeepSeeingEveryEvent()
    {
        var name = EventName.Unique("capture");
        using var recorder = AuditRecorder.Start();
        using (var capture = Audit.Capture())
        {
            Audit.Raise(name, 1);
            Assert.That(capture.Events, Has.Count.EqualTo(1));
        }

        Audit.Raise(name, 2);

        Assert.That(recorder.Named(name).Select(e => e.Arguments[0]), Is.EqualTo(new[] { 1, 2 }));
    }

    [Test]
    public void AnOuterCaptureAlsoSeesTheInnerOnesEvents()
    {
        var name = EventName.Unique("capture");
        using var outer = Audit.Capture();
        Audit.Raise(name, "outer");
        using (var inner = Audit.Capture())
        {
            Audit.Raise(name, "inner");
            Assert.That(inner.Events.Select(e => e.Arguments[0]), Is.EqualTo(new[] { "inner" }));
        }

        Audit.Raise(name, "outer-again");
        Assert.That(outer.Events.Select(e => e.Arguments[0]), Is.EqualTo(new[] { "outer", "inner", "outer-again" }));
    }

    [Test]
    public void DeniesInsideTheScopeOnlyAndRecordsTheDeniedEvent()
    {
        var path = Temp.Write("keep.txt", "x");
        dynamic files = Woven.Create("FileScenarios");

        using (var capture = Audit.Capture(e => e.Name == "file.delete"))
        {
            var denied = Assert.Throws<AuditDeniedException>(() => files.Delete(path));
            Assert.That(denied!.Message, Is.EqualTo("Audit event 'file.delete' was denied: denied inside Audit.Capture"));
            Assert.That(capture.Events.Single(e => e.Name == "file.delete").Arguments[0], Is.EqualTo(path));
            Assert.That(File.Exists(path), Is.True);

            // Another flow is not inside the capture, so it is not denied.
            RunOutsideTheFlow(() => files.Delete(path));
            Assert.That(File.Exists(path), Is.False);
        }
    }

    [Test]
    public void ManyThreadsAtOnceLoseNothing()
    {
        var name = EventName.Unique("capture");
        const int tasks = 8;
        const int perTask = 2_000;
        using var capture = Audit.Capture();

        Task.WaitAll(Enumerable.Range(0, tasks).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < perTask; i++)
            {
                Audit.Raise(name, t, i);
            }
        })).ToArray());

        var seen = capture.Events.Where(e => e.Name == name).Select(e => ((int)e.Arguments[0]!, (int)e.Arguments[1]!)).ToList();
        Assert.That(seen, Has.Count.EqualTo(tasks * perTask));
        Assert.That(seen.Distinct().Count(), Is.EqualTo(tasks * perTask));
    }

    [Test]
    public void AnOpenCaptureAloneEnablesCallSites()
    {
        // A process of its own: this one has hooks, which keep call sites enabled anyway.
        var run = Child.Run("capture");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Output, Is.EqualTo("before=False\ncapturing=True\ncaptured=1\nafter=False\n"), run.ToString());
    }

    private static void RaiseOutsideTheFlow(string name, string argument) => RunOutsideTheFlow(() => Audit.Raise(name, argument));

    // A thread started without the caller's execution context (a waited task could run inline, inside the flow).
    private static void RunOutsideTheFlow(Action action)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                action();
            }
            catch (Exception exception)
            {
                failure = exception;
            }
        });
        thread.UnsafeStart();
        thread.Join();
        if (failure != null)
        {
            throw new AggregateException(failure);
        }
    }
}
