using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace Tests.Infrastructure.KernelRecord;

/// <summary>
/// strace's record of a process tree (<c>strace -f -yy -o file</c>), parsed: every traced call in the order the
/// kernel saw them start. A call another thread interrupted (<c>&lt;unfinished ...&gt;</c>, then
/// <c>&lt;... name resumed&gt;</c>) is one call, placed where it started.
/// </summary>
internal sealed partial class SystemCallRecord
{
    private SystemCallRecord(string path, IReadOnlyList<SystemCall> calls)
    {
        Path = path;
        Calls = calls;
    }

    internal string Path { get; }

    internal IReadOnlyList<SystemCall> Calls { get; }

    internal static SystemCallRecord Read(string path)
    {
        var calls = new List<SystemCall?>();
        var unfinished = new Dictionary<int, (int Slot, string Text)>();
        foreach (var line in File.ReadLines(path))
        {
            var match = LinePattern().Match(line);
            if (!match.Success)
            {
                continue;
            }

            var pid = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var text = match.Groups[2].Value;
            if (text.StartsWith("+++", StringComparison.Ordinal) || text.StartsWith("---", StringComparison.Ordinal))
            {
                continue;
            }

            if (ResumedPattern().Match(text) is { Success: true } resumed)
            {
                if (unfinished.Remove(pid, out var start))
                {
                    calls[start.Slot] = Parse(start.Slot, pid, start.Text + resumed.Groups[1].Value);
                }

                continue;
            }

            const string Unfinished = " <unfinished ...>";
            if (text.EndsWith(Unfinished, StringComparison.Ordinal))
            {
                unfinished[pid] = (calls.Count, text[..^Unfinished.Length]);
                calls.Add(null);
                continue;
            }

            calls.Add(Parse(calls.Count, pid, text));
        }

        // A call still unfinished when the process was killed has its arguments but no result.
        foreach (var (pid, start) in unfinished)
        {
            calls[start.Slot] = Parse(start.Slot, pid, start.Text + ") = ?");
        }

        return new SystemCallRecord(path, calls.Select(c => c!).ToList());
    }

    /// <summary>Calls named <paramref name="names"/> (any of them).</summary>
    internal IEnumerable<SystemCall> Named(params string[] names) => Calls.Where(c => names.Contains(c.Name));

    /// <summary>Successful opens (openat, open, creat) of exactly <paramref name="path"/>.</summary>
    internal IEnumerable<SystemCall> Opens(string path) => Named("openat", "open", "creat").Where(c => c.Succeeded && c.PathArgument == path);

    private static SystemCall Parse(int index, int pid, string text)
    {
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var name = text[..open];
        var (arguments, end) = StraceText.SplitArguments(text[(open + 1)..]);
        var rest = text[(open + 1 + end + 1)..].Trim();
        var result = rest.StartsWith('=') ? rest[1..].Trim() : rest;
        return new SystemCall(index, pid, name, arguments, result);
    }

    [GeneratedRegex(@"^(\d+)\s+(.*)$")]
    private static partial Regex LinePattern();

    [GeneratedRegex(@"^<\.\.\. [a-z0-9_]+ resumed>(.*)$")]
    private static partial Regex ResumedPattern();
}
