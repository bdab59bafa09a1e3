using System;
using System.Linq;
using System.Threading.Tasks;
using AuditWeaver;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Runtime;

/// <summary>The <c>AuditWeaver</c> EventSource, read the way an EventPipe or in-process listener reads it.</summary>
public class EventSourceTests
{
    [Test]
    public void AWovenCallSiteWritesNameCategoryArgumentsApiCallerAndLine()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("read.txt", "x");
        using var listener = new AuditEventListener();
        dynamic files = Woven.Create("FileScenarios");

        files.ReadAllText(path);

        var written = listener.Named("file.open").Single(e => ((string)e["arguments"]!).Contains(path, StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(written["eventName"], Is.EqualTo("Raised"));
            Assert.That(written["category"], Is.EqualTo("file"));
            Assert.That(written["arguments"], Is.EqualTo("path: \"" + path + "\", mode: \"Open\", access: \"Read\""));
            Assert.That(written["api"], Is.EqualTo("M:System.IO.File.ReadAllText(System.String)"));
            Assert.That(written["caller"], Does.StartWith("AssemblyToProcess.FileScenarios.ReadAllText"));
            Assert.That(written["sourceFile"], Does.EndWith("FileScenarios.cs"));
            Assert.That(written["line"], Is.GreaterThan(0));
        });
    }

    [Test]
    public void AUserEventHasEmptyApiCallerAndSourceAndLineZero()
    {
        var name = EventName.Unique("eventsource");
        using var listener = new AuditEventListener();

        Audit.Raise(name, "bob", 3);

        var written = listener.Named(name).Single();
        Assert.That(written["category"], Is.EqualTo("test"));
        Assert.That(written["arguments"], Is.EqualTo("\"bob\", 3"));
        Assert.That(new[] { written["api"], written["caller"], written["sourceFile"] }, Is.All.Empty);
        Assert.That(written["line"], Is.Zero);
    }

    [Test]
    public void ManyThreadsAtOnceLoseNoEvent()
    {
        var name = EventName.Unique("eventsource");
        const int threads = 4;
        const int perThread = 5_000;
        using var listener = new AuditEventListener();

        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, thread =>
        {
            for (var i = 0; i < perThread; i++)
            {
                Audit.Raise(name, thread, i);
            }
        });

        var seen = listener.Named(name).Select(e => (string)e["arguments"]!).ToList();
        Assert.That(seen, Has.Count.EqualTo(threads * perThread));
        Assert.That(seen.Distinct().Count(), Is.EqualTo(threads * perThread), "every (thread, i) pair arrived once");
    }

    [Test]
    public void CallSitesAreEnabledOnlyWhileAListenerHasTheSourceEnabled()
    {
        // A process of its own: this one has hooks, which keep call sites enabled whatever the EventSource does.
        var run = Child.Run("eventsource");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Output, Is.EqualTo("before=False\nlistening=True\nreceived=1\nafter=False\n"), run.ToString());
    }
}
