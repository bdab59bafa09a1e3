using System.IO;
using System.Linq;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Framework;

/// <summary>
/// Denials reach into framework code once it is woven: AUDITWEAVER_DENY=network.listen keeps Kestrel from ever
/// listening, and a policy hook refusing file.open under wwwroot makes the static-file middleware fail the request
/// before it opens the file.
/// </summary>
[NonParallelizable]
public sealed class FrameworkDenialTests
{
    [Test]
    public void DenyingListenStopsTheServerFromStartingWithAMessageNamingTheDenial()
    {
        using var temp = new TempDirectory();
        var folder = WebApps.WovenWithFramework(WebApps.SelfContained);
        using var server = TracedWebApp.Start(folder, temp, new() { ["AUDITWEAVER_DENY"] = "network.listen" });
        Assert.That(server.Address, Is.Null, "the server started listening: " + server.Output);
        var (exitCode, timeline) = server.Stop();

        Assert.That(exitCode, Is.Not.EqualTo(0), server.Output);
        Assert.That(server.Output, Does.Contain("AuditDeniedException").And.Contain("'network.listen' was denied"), server.Output);
        Assert.That(timeline.Record.Named("listen").Where(c => c.SocketPort != null), Is.Empty, "the kernel saw a TCP socket listen");
        Assert.That(timeline.Events.Where(e => e.Name == "network.listen").Select(e => e.Json.TryGetProperty("denied", out var denied) && denied.GetBoolean()), Is.EqualTo(new[] { true }), "the log records the refused listen");
    }

    [Test]
    public void DenyingFileOpenUnderWwwrootReturnsAnErrorAndServesNothing()
    {
        using var temp = new TempDirectory();
        var folder = WebApps.WovenWithFramework(WebApps.SelfContained);
        var page = Path.Combine(folder, "wwwroot", "index.html");
        using var server = TracedWebApp.Start(folder, temp, new() { ["WebApp__DenyFilesUnder"] = Path.Combine(folder, "wwwroot") });
        var (status, body) = server.Get("/index.html");
        Assert.That(server.Get("/config"), Is.EqualTo((200, "hello from appsettings.json")), "files outside wwwroot still open" + System.Environment.NewLine + server.Output);
        var (_, timeline) = server.Stop();

        Assert.That(status, Is.EqualTo(500), body);
        Assert.That(body, Does.Not.Contain("static index page"));
        Assert.That(timeline.Record.Opens(page), Is.Empty, "the kernel saw the static file opened");
        Assert.That(timeline.Events.Where(e => e.Name == "file.open" && e.Argument("path") == page), Is.Not.Empty, "the refused open was announced and logged before the hook refused it");
    }
}
