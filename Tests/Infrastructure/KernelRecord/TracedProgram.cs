using System.Collections.Generic;
using System.IO;

namespace Tests.Infrastructure.KernelRecord;

/// <summary>
/// A woven program run under strace with a synchronous audit log (AUDITWEAVER_LOG_SYNC=1) in a folder of the test, which
/// also receives strace's record: what <see cref="AuditTimeline"/> reads back. A server is driven through
/// <see cref="TracedServer"/>; a program that ends by itself is run with <see cref="Run"/>.
/// </summary>
internal static class TracedProgram
{
    /// <summary>The audit log a program started here writes, in <paramref name="folder"/>.</summary>
    internal static string LogPath(string folder) => Path.Combine(folder, "audit.jsonl");

    /// <summary>
    /// Starts <paramref name="program"/> with <paramref name="environment"/> on top of AUDITWEAVER_LOG (<see cref="LogPath"/>)
    /// and AUDITWEAVER_LOG_SYNC=1, recording into <paramref name="folder"/>.
    /// </summary>
    internal static TracedProcess Start(string program, IEnumerable<string> arguments, string folder, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var variables = new Dictionary<string, string?>(environment ?? new Dictionary<string, string?>())
        {
            ["AUDITWEAVER_LOG"] = LogPath(folder),
            ["AUDITWEAVER_LOG_SYNC"] = "1",
        };
        return Strace.Start(program, arguments, Path.Combine(folder, "strace.txt"), variables);
    }

    /// <summary>Runs <paramref name="program"/> as <see cref="Start"/> does, to its end: its exit code, what it printed, and the timeline.</summary>
    internal static (int ExitCode, string Output, AuditTimeline Timeline) Run(string program, IEnumerable<string> arguments, string folder, IReadOnlyDictionary<string, string?>? environment = null)
    {
        using var process = Start(program, arguments, folder, environment);
        var (exitCode, record) = process.WaitForExit();
        return (exitCode, process.Output, AuditTimeline.Read(record, LogPath(folder)));
    }
}
