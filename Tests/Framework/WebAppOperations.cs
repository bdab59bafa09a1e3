using System;
using System.Linq;
using Tests.Infrastructure.KernelRecord;

namespace Tests.Framework;

/// <summary>
/// What strace must see announced in a run of Fixtures/WebApp, operation by operation: which system calls are the
/// operation, and which event announces each. Every check also requires that strace saw the operation at all, so a
/// run that did nothing cannot pass.
/// </summary>
internal static class WebAppOperations
{
    /// <summary>Kestrel binds, listens on and accepts from its TCP socket.</summary>
    internal static void AssertServerSocket(AuditTimeline timeline)
    {
        var record = timeline.Record;
        timeline.AssertAnnounced("TCP bind", record.Named("bind").Where(c => c.Succeeded && c.SocketAddress != null), "network.bind", (e, c) => e.Argument("host") == c.SocketAddress!.Value.Host && e.Argument("port") == Text(c.SocketAddress!.Value.Port));
        timeline.AssertAnnounced("TCP listen", record.Named("listen").Where(c => c.Succeeded && c.SocketPort != null), "network.listen", (e, c) => e.Argument("port") == Text(c.SocketPort!.Value));
        timeline.AssertAnnounced("accepted connection", record.Named("accept", "accept4").Where(c => c.Succeeded && c.SocketPort != null), "network.accept", (e, c) => e.Argument("port") == Text(c.SocketPort!.Value));
    }

    /// <summary>Each successful open of <paramref name="path"/> is announced by file.open of that path.</summary>
    internal static void AssertOpens(AuditTimeline timeline, string what, string path) =>
        timeline.AssertAnnounced(what + " open", timeline.Record.Opens(path), "file.open", (e, c) => e.Argument("path") == c.PathArgument);

    /// <summary>
    /// Each inotify watch on the app's folder is announced: a watch of a folder a file.watch event named needs an event of
    /// its own (the n-th such watch n events), and a watch of a folder below it is covered by that event, because a
    /// recursive watcher adds the folders below its root by itself (docs/events.md).
    /// </summary>
    internal static void AssertWatches(AuditTimeline timeline, string folder)
    {
        var watches = timeline.Record.Named("inotify_add_watch").Where(c => c.Succeeded && c.PathArgument is { } path && Within(path, folder)).ToList();
        var roots = timeline.Events.Where(e => e.Name == "file.watch").Select(e => e.Argument("path")?.TrimEnd('/')).ToHashSet();
        timeline.AssertAnnounced("inotify watch of a watcher's root in " + folder, watches.Where(c => roots.Contains(c.PathArgument!.TrimEnd('/'))), "file.watch", (e, c) => e.Argument("path")?.TrimEnd('/') == c.PathArgument!.TrimEnd('/'));
        foreach (var below in watches.Where(c => !roots.Contains(c.PathArgument!.TrimEnd('/'))))
        {
            timeline.AssertAnnounced("inotify watch a recursive watcher added below its root", [below], "file.watch", (e, c) => e.Argument("path") is { } root && Within(c.PathArgument!, root));
        }
    }

    /// <summary>Each connection to <paramref name="port"/> is announced by network.connect to that port.</summary>
    internal static void AssertConnects(AuditTimeline timeline, int port) =>
        timeline.AssertAnnounced("connect to port " + port, timeline.Record.Named("connect").Where(c => c.SocketAddress?.Port == port), "network.connect", (e, _) => e.Argument("port") == Text(port));

    private static bool Within(string path, string folder)
    {
        var trimmedPath = path.TrimEnd('/');
        var trimmedFolder = folder.TrimEnd('/');
        return trimmedPath == trimmedFolder || trimmedPath.StartsWith(trimmedFolder + "/", StringComparison.Ordinal);
    }

    private static string Text(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
