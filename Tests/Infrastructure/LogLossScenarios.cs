using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using AuditWeaver;

namespace Tests.Infrastructure;

/// <summary>
/// Child processes for the event log's loss rules. Each runs woven code with AUDITWEAVER_LOG set by the test, raises
/// events, and then ends the way a scenario names, or reads its own log at the moment that matters. Probe paths are
/// "t-i": thread t's i-th probe, so that a test can check count and order per thread.
/// </summary>
internal static class LogLossScenarios
{
    private const int SIGINT = 2;
    private const int SIGTERM = 15;

    internal static int Run(string[] args) => args[0] switch
    {
        "log-exit" => Exit(args[1], args[2], args[3], Number(args[4])),
        "log-deny" => Deny(args[1], args[2], args[3]),
        "log-burst" => Burst(args[1], args[2], Number(args[3]), Number(args[4])),
        "log-rotate" => Rotate(args[1], args[2], args[3], Number(args[4])),
        "log-values" => Values(args[1]),
        "log-sync" => Sync(args[1], args[2], args[3]),
        _ => 2,
    };

    /// <summary>The woven <c>FileScenarios.Exists</c> as a delegate: each call raises <c>file.stat</c>.</summary>
    internal static Func<string, bool> Probe(string wovenPath)
    {
        var files = Scenarios.Create(Scenarios.Load(wovenPath, "log"), "FileScenarios");
        return files.GetType().GetMethod("Exists")!.CreateDelegate<Func<string, bool>>(files);
    }

    // Probes, then ends by `how`; the delay the test sets keeps the writer thread from writing anything first.
    private static int Exit(string wovenPath, string folder, string how, int count)
    {
        var probe = Probe(wovenPath);
        for (var i = 0; i < count; i++)
        {
            probe(Path.Combine(folder, "0-" + i.ToString(CultureInfo.InvariantCulture)));
        }

        Console.Out.Flush();
        switch (how)
        {
            case "return":
                return 0;
            case "exit":
                Environment.Exit(3);
                return 1;
            case "unhandled":
                throw new InvalidOperationException("unhandled, on purpose");
            case "sigterm":
                return Signal(SIGTERM);
            case "sigint":
                return Signal(SIGINT);
            default:
                return 2;
        }
    }

    private static int Signal(int signal)
    {
        _ = kill(Environment.ProcessId, signal);
        Thread.Sleep(TimeSpan.FromSeconds(30));
        Console.WriteLine("the signal did not end the process");
        return 1;
    }

    // One denial by AUDITWEAVER_DENY and one by a hook: right after each is caught, the log must already hold the event.
    private static int Deny(string wovenPath, string log, string kept)
    {
        var files = Scenarios.Create(Scenarios.Load(wovenPath, "log-deny"), "FileScenarios");
        var probe = files.GetType().GetMethod("Exists")!.CreateDelegate<Func<string, bool>>(files);
        var delete = files.GetType().GetMethod("Delete")!.CreateDelegate<Action<string>>(files);
        probe(Path.Combine(Path.GetDirectoryName(log)!, "0-0"));
        try
        {
            delete(kept);
            Console.WriteLine("deleted");
        }
        catch (AuditDeniedException)
        {
            Console.WriteLine("environment denial, lines in the log: " + LinesWith(log, "\"file.delete\""));
        }

        Audit.AddHook(e =>
        {
            if (e.GetArgument("path") is string path && path.EndsWith("refused", StringComparison.Ordinal))
            {
                throw new UnauthorizedAccessException("refused by a hook");
            }
        });
        try
        {
            probe(Path.Combine(Path.GetDirectoryName(log)!, "refused"));
            Console.WriteLine("probed");
        }
        catch (UnauthorizedAccessException)
        {
            Console.WriteLine("hook denial, lines in the log: " + LinesWith(log, "refused\""));
        }

        return 0;
    }

    // Many threads at once; then the process's peak memory, which must not grow with the number of events.
    private static int Burst(string wovenPath, string folder, int threads, int perThread)
    {
        var probe = Probe(wovenPath);
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            var prefix = Path.Combine(folder, t.ToString(CultureInfo.InvariantCulture) + "-");
            start.SignalAndWait();
            for (var i = 0; i < perThread; i++)
            {
                probe(prefix + i.ToString(CultureInfo.InvariantCulture));
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        using var process = Process.GetCurrentProcess();
        Console.WriteLine("peak-working-set-mb=" + (process.PeakWorkingSet64 >> 20).ToString(CultureInfo.InvariantCulture));
        return 0;
    }

    // Probes in three phases: then the log is moved away (as logrotate does), then deleted. Each phase waits until its
    // lines are in the file the path names before the next begins.
    private static int Rotate(string wovenPath, string folder, string log, int perPhase)
    {
        var probe = Probe(wovenPath);
        void Phase(int phase)
        {
            for (var i = 0; i < perPhase; i++)
            {
                probe(Path.Combine(folder, phase.ToString(CultureInfo.InvariantCulture) + "-" + i.ToString(CultureInfo.InvariantCulture)));
            }

            if (!SpinWait.SpinUntil(() => LinesWith(log, "\"" + Path.Combine(folder, phase + "-" + (perPhase - 1)) + "\"") == 1, TimeSpan.FromSeconds(60)))
            {
                Console.WriteLine("phase " + phase + " never reached " + log);
            }
        }

        Phase(0);
        File.Move(log, log + ".1");
        Phase(1);
        File.Delete(log);
        Phase(2);
        return 0;
    }

    private static int Values(string wovenPath)
    {
        var probe = Probe(wovenPath);
        probe("quote\" backslash\\ newline\n tab\t nul\0 bell\a del\u007f");
        Audit.Raise(
            "test.hostile",
            "lone high \ud800 then low \udc00 pair \ud83d\ude00 separator \u2028 c1 \u0085",
            new string('x', 1_000_000),
            new ThrowingToString(),
            new NullToString(),
            double.NaN,
            long.MinValue,
            ulong.MaxValue,
            12.5m,
            FileMode.Append,
            true);
        Audit.Raise("test.many", Enumerable.Range(0, 200).Select(i => (object)new string((char)('a' + (i % 26)), 5000)).ToArray());
        return 0;
    }

    // Synchronous mode: each line is in the file when its event returns, with no exit and no denial to write it.
    private static int Sync(string wovenPath, string folder, string log)
    {
        var probe = Probe(wovenPath);
        for (var i = 0; i < 3; i++)
        {
            var path = Path.Combine(folder, "0-" + i.ToString(CultureInfo.InvariantCulture));
            probe(path);
            Console.WriteLine("after event " + i + ": " + LinesWith(log, "\"" + path + "\""));
        }

        return 0;
    }

    // How many lines of the log contain `text` right now.
    private static int LinesWith(string log, string text)
    {
        try
        {
            using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            var count = 0;
            for (var line = reader.ReadLine(); line != null; line = reader.ReadLine())
            {
                count += line.Contains(text, StringComparison.Ordinal) ? 1 : 0;
            }

            return count;
        }
        catch (FileNotFoundException)
        {
            return 0;
        }
    }

    private static int Number(string text) => int.Parse(text, CultureInfo.InvariantCulture);

    [DllImport("libc", SetLastError = true)]
#pragma warning disable SA1300, IDE1006 // The C library's own name.
    private static extern int kill(int pid, int signal);
#pragma warning restore SA1300, IDE1006

    private sealed class ThrowingToString
    {
        public override string ToString() => throw new InvalidOperationException("no text for you");
    }

    private sealed class NullToString
    {
        public override string? ToString() => null;
    }
}
