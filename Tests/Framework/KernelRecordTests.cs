using System.IO;
using System.Linq;
using NUnit.Framework;
using Tests.Infrastructure;
using Tests.Infrastructure.KernelRecord;

namespace Tests.Framework;

/// <summary>
/// The strace comparison itself, on the app woven without its framework: operations the app's own code and its
/// packages start are announced before the kernel sees them, and the framework's are not, which the comparison must
/// catch, or it could not fail the framework tests.
/// </summary>
public sealed class KernelRecordTests
{
    [Test]
    public void OperationsOfTheAppAndItsPackagesAreAnnouncedAndTheFrameworksAreNotWhenItIsNotWoven()
    {
        using var temp = new TempDirectory();
        using var upstream = new LoopbackServer(http: true);
        var folder = WebApps.WovenWithoutFramework;
        AuditTimeline timeline;
        using (var server = TracedWebApp.Start(folder, temp, new() { ["WebApp__FetchUrl"] = upstream.BaseUri.ToString() }))
        {
            Assert.That(server.Get("/run"), Is.EqualTo((200, "child process ran")), server.Output);
            Assert.That(server.Get("/fetch").Status, Is.EqualTo(200), server.Output);
            (_, timeline) = server.Stop();
        }

        var record = timeline.Record;
        var echo = record.Named("execve").Where(c => c.PathArgument == "/bin/echo").ToList();
        Assert.That(echo, Has.Count.EqualTo(1), "strace saw the app start /bin/echo once");
        Assert.That(timeline.Unannounced(echo, (e, _) => e.Name == "process.start" && e.Argument("executable") == "/bin/echo"), Is.Empty, timeline.Describe("process.start"));

        // Serilog's file sink (a package, woven with the app) opens the log file.
        var logFile = record.Opens(Path.Combine(TracedWebApp.DataFolder(temp), "app.log")).ToList();
        Assert.That(logFile, Is.Not.Empty, "strace saw Serilog open its file");
        Assert.That(timeline.Unannounced(logFile, (e, c) => e.Name == "file.open" && e.Argument("path") == c.PathArgument), Is.Empty, timeline.Describe("file.open"));

        // The app's HttpClient call announces the request before the framework connects.
        var connects = record.Named("connect").Where(c => c.SocketAddress?.Port == upstream.Port).ToList();
        Assert.That(connects, Is.Not.Empty, "strace saw the connection to the upstream server");
        Assert.That(timeline.Unannounced(connects, (e, _) => e.Name == "network.request" && e.Argument("uri") == upstream.BaseUri.ToString()), Is.Empty, timeline.Describe("network.request"));

        // Configuration opens appsettings.json in framework code, which this weave left alone: nothing announces it.
        var settings = record.Opens(Path.Combine(folder, "appsettings.json")).ToList();
        Assert.That(settings, Is.Not.Empty, "strace saw the host open appsettings.json");
        Assert.That(timeline.Unannounced(settings, (e, c) => e.Name == "file.open" && e.Argument("path") == c.PathArgument), Is.EqualTo(settings));
    }
}
