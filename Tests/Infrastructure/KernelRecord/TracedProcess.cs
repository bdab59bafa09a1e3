using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;

namespace Tests.Infrastructure.KernelRecord;

/// <summary>
/// A program running under strace: its output as it comes, a way to stop it the way a service manager does
/// (SIGTERM to the program, not to strace, which would detach and leave it running), and strace's record once it ended.
/// </summary>
internal sealed class TracedProcess : IDisposable
{
    // A guard against a hung child, not a performance limit.
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    private readonly Process _strace;
    private readonly BlockingCollection<string> _lines = new();
    private readonly StringBuilder _output = new();
    private readonly string _recordPath;
    private int _streamsEnded;

    internal TracedProcess(string strace, IEnumerable<string> arguments, string recordPath, IReadOnlyDictionary<string, string?> environment)
    {
        _recordPath = recordPath;
        var info = new ProcessStartInfo(strace) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            if (value == null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        _strace = new Process { StartInfo = info };
        _strace.OutputDataReceived += (_, e) => Receive(e.Data);
        _strace.ErrorDataReceived += (_, e) => Receive(e.Data);
        _strace.Start();
        _strace.BeginOutputReadLine();
        _strace.BeginErrorReadLine();
    }

    /// <summary>Everything the program (and strace) printed so far, for assertion messages.</summary>
    internal string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Waits for a printed line that starts with <paramref name="prefix"/> and returns it; null when the program ended first.</summary>
    internal string? WaitForLine(string prefix)
    {
        var deadline = DateTime.UtcNow + s_timeout;
        while (_lines.TryTake(out var line, deadline - DateTime.UtcNow > TimeSpan.Zero ? deadline - DateTime.UtcNow : TimeSpan.Zero))
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return line;
            }
        }

        return null;
    }

    /// <summary>Sends SIGTERM to the traced program and returns the record once everything ended.</summary>
    internal (int ExitCode, SystemCallRecord Record) Stop()
    {
        if (!_strace.HasExited && TracedPid() is { } pid)
        {
            ProcessRunner.Run("kill", ["-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        return WaitForExit();
    }

    /// <summary>Waits for the program to end by itself and returns its exit code and the record.</summary>
    internal (int ExitCode, SystemCallRecord Record) WaitForExit()
    {
        if (!_strace.WaitForExit(s_timeout))
        {
            _strace.Kill(entireProcessTree: true);
            throw new TimeoutException("The traced program did not end: " + Output);
        }

        _strace.WaitForExit();
        return (_strace.ExitCode, SystemCallRecord.Read(_recordPath));
    }

    public void Dispose()
    {
        if (!_strace.HasExited)
        {
            _strace.Kill(entireProcessTree: true);
            _strace.WaitForExit();
        }

        _strace.Dispose();
        _lines.Dispose();
    }

    private void Receive(string? line)
    {
        if (line == null)
        {
            // Both streams ended: the program is gone, and a wait for a line must end too.
            if (System.Threading.Interlocked.Increment(ref _streamsEnded) == 2)
            {
                _lines.CompleteAdding();
            }

            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        _lines.Add(line);
    }

    // strace's one child is the program it started (strace forks it, then traces what it forks).
    private int? TracedPid()
    {
        var children = Path.Combine("/proc", _strace.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "task", _strace.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "children");
        var text = File.Exists(children) ? File.ReadAllText(children) : string.Empty;
        return text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).Cast<int?>().FirstOrDefault();
    }
}
