using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NUnit.Framework;

namespace Tests.Infrastructure.KernelRecord;

/// <summary>
/// Starts programs under strace, the operating system's own record of what a process did: the ground truth the
/// coverage tests compare audit events with.
/// </summary>
internal static class Strace
{
    /// <summary>
    /// The calls recorded: those that touch a file, a socket, a program or a watch, and the writes that show when each
    /// audit log line reached the file. pwrite64 is there because the log is a seekable file, which .NET writes with
    /// pwrite64, not write.
    /// </summary>
    internal const string TracedCalls = "openat,open,creat,mkdir,mkdirat,unlink,unlinkat,bind,listen,accept,accept4,connect,execve,inotify_add_watch,write,pwrite64";

    private static readonly Lazy<string?> s_program = new(Find);

    /// <summary>strace's full path; fails the test (never skips it) when strace is not installed.</summary>
    internal static string Require() =>
        s_program.Value ?? throw new AssertionException(
            "strace is not installed, and these tests compare audit events with its record of what the process did. "
            + "Install it (as root: apt-get update && apt-get install -y strace); .ci/run does so itself.");

    /// <summary>
    /// Starts <paramref name="program"/> under strace, recording into <paramref name="recordPath"/>. The program's
    /// standard output and error are strace's own, so <see cref="TracedProcess"/> reads them.
    /// </summary>
    internal static TracedProcess Start(string program, IEnumerable<string> arguments, string recordPath, IReadOnlyDictionary<string, string?> environment)
    {
        // --seccomp-bpf stops the process only for the traced calls: a .NET server makes many others, and stopping on
        // each would slow it several times over. -s keeps whole audit log lines in the record.
        string[] options = ["-f", "--seccomp-bpf", "-qq", "-yy", "-s", "65536", "-e", "trace=" + TracedCalls, "-o", recordPath, "--", program];
        return new TracedProcess(Require(), options.Concat(arguments), recordPath, environment);
    }

    private static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "strace"))
            .FirstOrDefault(File.Exists);
}
