using System.IO;
using System.Linq;
using NUnit.Framework;
using Tests.Infrastructure;
using Tests.Infrastructure.KernelRecord;

namespace Tests.Framework;

/// <summary>
/// Fixtures/WebApp woven with <c>auditweaver weave --framework</c>, self-contained and framework-dependent: every
/// operation the framework performs for it (Kestrel's bind, listen and accept, configuration opening appsettings.json,
/// the static-file middleware opening a file, the file watcher, HttpClient's connection), and SQLite's native open of
/// the database, is announced by its event before the kernel sees it, by strace's account.
/// </summary>
[NonParallelizable]
public sealed class FrameworkCoverageTests
{
    [TestCase(WebApps.SelfContained)]
    [TestCase(WebApps.FrameworkDependent)]
    public void EveryOperationOfTheAppAndItsFrameworkIsAnnouncedBeforeTheKernelSeesIt(string kind)
    {
        using var temp = new TempDirectory();
        using var upstream = new LoopbackServer(http: true);
        var folder = WebApps.WovenWithFramework(kind);
        AuditTimeline timeline;
        using (var server = TracedWebApp.Start(folder, temp, new() { ["WebApp__FetchUrl"] = upstream.BaseUri.ToString() }))
        {
            Assert.That(server.Get("/config"), Is.EqualTo((200, "hello from appsettings.json")), server.Output);
            var page = server.Get("/index.html");
            Assert.That(page.Status, Is.EqualTo(200), server.Output);
            Assert.That(page.Body, Does.Contain("static index page"));
            Assert.That(server.Get("/db").Body, Does.StartWith("visits: "), server.Output);
            Assert.That(server.Get("/fetch").Status, Is.EqualTo(200), server.Output);
            Assert.That(server.Get("/run"), Is.EqualTo((200, "child process ran")), server.Output);
            int exitCode;
            (exitCode, timeline) = server.Stop();
            Assert.That(exitCode, Is.EqualTo(0), "the woven app stops cleanly on SIGTERM" + System.Environment.NewLine + server.Output);
        }

        WebAppOperations.AssertServerSocket(timeline);
        WebAppOperations.AssertOpens(timeline, "appsettings.json", Path.Combine(folder, "appsettings.json"));
        WebAppOperations.AssertOpens(timeline, "static file", Path.Combine(folder, "wwwroot", "index.html"));
        WebAppOperations.AssertWatches(timeline, folder);
        WebAppOperations.AssertConnects(timeline, upstream.Port);

        // SQLite opens the database in native code; Microsoft.Data.Sqlite's open announces the file first. The journal
        // SQLite creates and deletes beside it belongs to that one event (docs/events.md), so only the database is matched.
        WebAppOperations.AssertOpens(timeline, "SQLite database", Path.Combine(TracedWebApp.DataFolder(temp), "app.db"));

        // Every file the process opened in its data folder, whoever opened it (Serilog's sink, SQLite), was announced,
        // each path by events of its own; SQLite's journal files by their database's event (docs/events.md).
        var data = TracedWebApp.DataFolder(temp) + "/";
        var opens = timeline.Record.Named("openat", "open", "creat").Where(c => c.Succeeded && c.PathArgument!.StartsWith(data, System.StringComparison.Ordinal)).ToList();
        Assert.That(opens.Select(c => Path.GetFileName(c.PathArgument)).Distinct(), Is.SupersetOf(new[] { "app.log", "app.db", "app.db-journal" }));
        foreach (var path in opens.Select(c => c.PathArgument!).Where(p => !p.EndsWith("-journal", System.StringComparison.Ordinal)).Distinct())
        {
            WebAppOperations.AssertOpens(timeline, Path.GetFileName(path), path);
        }

        foreach (var journal in opens.Where(c => c.PathArgument!.EndsWith("-journal", System.StringComparison.Ordinal)))
        {
            timeline.AssertAnnounced("SQLite journal", [journal], "file.open", (e, c) => e.Argument("path") + "-journal" == c.PathArgument);
        }

        timeline.AssertAnnounced("execve of /bin/echo", timeline.Record.Named("execve").Where(c => c.PathArgument == "/bin/echo"), "process.start", (e, _) => e.Argument("executable") == "/bin/echo");

        // The framework's methods are the callers: these events come from woven framework code, not from the app's.
        var callers = timeline.Events.Where(e => e.Name is "network.listen" or "file.watch").Select(e => e.Caller).ToList();
        Assert.That(callers, Has.Some.StartsWith("System.Net.Sockets.").Or.Some.StartsWith("Microsoft.AspNetCore.Server.Kestrel."));
        Assert.That(callers, Has.Some.StartsWith("System.IO.FileSystemWatcher").Or.Some.StartsWith("Microsoft.Extensions.FileProviders."));
    }
}
