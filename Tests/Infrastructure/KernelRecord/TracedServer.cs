using System;
using System.Collections.Generic;
using System.Net.Http;
using NUnit.Framework;

namespace Tests.Infrastructure.KernelRecord;

/// <summary>
/// A woven server program run under strace with a synchronous audit log: started, asked over HTTP once it printed
/// <c>listening on URL</c>, stopped with SIGTERM, and read back as an <see cref="AuditTimeline"/>. Any server that
/// prints that line can be checked this way.
/// </summary>
internal sealed class TracedServer : IDisposable
{
    private readonly TracedProcess _process;
    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromMinutes(1) };

    private TracedServer(TracedProcess process, string logPath, Uri? address)
    {
        _process = process;
        LogPath = logPath;
        Address = address;
    }

    /// <summary>The audit log the program writes (AUDITWEAVER_LOG).</summary>
    internal string LogPath { get; }

    /// <summary>The address the server printed; null when it ended before printing one.</summary>
    internal Uri? Address { get; }

    internal string Output => _process.Output;

    /// <summary>
    /// Starts <paramref name="program"/> in <paramref name="folder"/> (a temp folder of the test: the record and the
    /// log go there) with <paramref name="environment"/> on top of AUDITWEAVER_LOG and AUDITWEAVER_LOG_SYNC=1, and
    /// waits until it printed its address or ended.
    /// </summary>
    internal static TracedServer Start(string program, IEnumerable<string> arguments, string folder, IReadOnlyDictionary<string, string?> environment)
    {
        var process = TracedProgram.Start(program, arguments, folder, environment);
        var line = process.WaitForLine("listening on ");
        return new TracedServer(process, TracedProgram.LogPath(folder), line == null ? null : new Uri(line["listening on ".Length..].Split(' ')[0]));
    }

    /// <summary>GETs <paramref name="path"/>; the status and the body.</summary>
    internal (int Status, string Body) Get(string path)
    {
        var address = Address ?? throw new AssertionException("The server did not start:" + Environment.NewLine + Output);
        using var response = _client.GetAsync(new Uri(address, path)).GetAwaiter().GetResult();
        return ((int)response.StatusCode, response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
    }

    /// <summary>Stops the server (when it still runs) and reads what strace and the log recorded.</summary>
    internal (int ExitCode, AuditTimeline Timeline) Stop()
    {
        var (exitCode, record) = _process.Stop();
        return (exitCode, AuditTimeline.Read(record, LogPath));
    }

    public void Dispose()
    {
        _client.Dispose();
        _process.Dispose();
    }
}
