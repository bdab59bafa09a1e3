using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NUnit.Framework;
using Tests.Infrastructure;
using Tests.Infrastructure.KernelRecord;

namespace Tests.EndToEnd;

/// <summary>
/// What the kernel must see announced when DependencyWeavingTests' app runs: the system calls that are the work its
/// packages do in their own code (Serilog's file sink makes its folder and opens its file, CliWrap starts echo, Flurl
/// connects, the project reference Lib reads the log back), and the event that announces each, raised by that package's
/// own method. The app runs under strace with a synchronous audit log (<see cref="TracedProgram"/>).
/// </summary>
internal static class PackageOperations
{
    /// <summary>One package operation: its system calls, and the event (named, with the package's caller) each needs before it.</summary>
    internal sealed record Operation(string What, IReadOnlyList<SystemCall> Calls, string EventName, Func<LoggedEvent, SystemCall, bool> Matches)
    {
        /// <summary>The calls no matching event announced beforehand.</summary>
        internal IReadOnlyList<SystemCall> Unannounced(AuditTimeline timeline) => timeline.Unannounced(Calls, (e, c) => e.Name == EventName && Matches(e, c));
    }

    /// <summary>Runs <paramref name="program"/> (the app's apphost) under strace with its data folder in <paramref name="temp"/>; asserts it ran.</summary>
    internal static AuditTimeline Trace(string program, TempDirectory temp)
    {
        var data = DataFolder(temp);
        Directory.CreateDirectory(data);
        var (exitCode, output, timeline) = TracedProgram.Run(program, [data], temp.Path);
        Assert.That(exitCode, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("cliwrap: started by a woven package").And.Contain("flurl: pong"), output);
        return timeline;
    }

    internal static string DataFolder(TempDirectory temp) => Path.Combine(temp.Path, "data");

    /// <summary>The packages' operations strace saw in <paramref name="timeline"/>; each must have happened at least once.</summary>
    internal static IReadOnlyList<Operation> Of(AuditTimeline timeline, string data)
    {
        var record = timeline.Record;
        var logs = Path.Combine(data, "logs");
        var log = Path.Combine(logs, "app.log");
        var ports = AppListeningPorts(record);
        var operations = new[]
        {
            new Operation(
                "Serilog's mkdir of its log folder",
                record.Named("mkdir", "mkdirat").Where(c => c.Succeeded && c.PathArgument == logs).ToList(),
                "file.mkdir",
                (e, c) => e.Argument("path") == c.PathArgument && CalledFrom(e, "Serilog.Sinks.File.")),
            new Operation(
                "Serilog's open of its log file",
                record.Opens(log).Where(c => !IsReadOnly(c)).ToList(),
                "file.open",
                (e, c) => e.Argument("path") == c.PathArgument && CalledFrom(e, "Serilog.Sinks.File.")),
            new Operation(
                "CliWrap's execve of echo",
                record.Named("execve").Where(c => c.Succeeded && Path.GetFileName(c.PathArgument) == "echo").ToList(),
                "process.start",
                (e, _) => e.Argument("executable") == "echo" && CalledFrom(e, "CliWrap.")),
            new Operation(
                "Flurl's connect to the app's listener",
                record.Named("connect").Where(c => c.SocketAddress is { } address && ports.Contains(address.Port)).ToList(),
                "network.request",
                (e, c) => Uri.TryCreate(e.Argument("uri"), UriKind.Absolute, out var uri) && uri.Port == c.SocketAddress!.Value.Port && CalledFrom(e, "Flurl.Http.")),
            new Operation(
                "Lib's read of the log file",
                record.Opens(log).Where(IsReadOnly).ToList(),
                "file.open",
                (e, c) => e.Argument("path") == c.PathArgument && CalledFrom(e, "Lib.Reader.Read")),
        };
        Assert.Multiple(() =>
        {
            foreach (var operation in operations)
            {
                Assert.That(operation.Calls, Is.Not.Empty, "strace saw no " + operation.What);
            }
        });
        return operations;
    }

    /// <summary>
    /// The app's own listener (its code, woven by Fody in any configuration) is announced: the log worked. The event names
    /// the endpoint the app gave (port 0: any free one), the kernel the port it chose.
    /// </summary>
    internal static void AssertAppListenAnnounced(AuditTimeline timeline)
    {
        var ports = AppListeningPorts(timeline.Record);
        timeline.AssertAnnounced("the app's own TcpListener listen", timeline.Record.Named("listen").Where(c => c.Succeeded && c.SocketPort is { } port && ports.Contains(port)), "network.listen", (e, _) => e.Argument("host") == "127.0.0.1" && CalledFrom(e, "Program."));
    }

    // The TCP ports the app listened on (its loopback server for Flurl); the runtime's own diagnostics socket is not TCP.
    private static HashSet<int> AppListeningPorts(SystemCallRecord record) =>
        record.Named("listen").Where(c => c.Succeeded && c.SocketPort != null).Select(c => c.SocketPort!.Value).ToHashSet();

    private static bool CalledFrom(LoggedEvent e, string prefix) => e.Caller?.StartsWith(prefix, StringComparison.Ordinal) == true;

    // openat(dirfd, path, flags[, mode]): Lib reads, Serilog writes.
    private static bool IsReadOnly(SystemCall call) => call.Arguments.Count > 2 && call.Arguments[2].StartsWith("O_RDONLY", StringComparison.Ordinal);
}
