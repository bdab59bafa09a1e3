using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace DebugLibrary;

/// <summary>
/// Audited calls in the places a debugger cares about: nested scopes with named locals and constants, try/finally,
/// ternaries, an async method across awaits, an iterator, lambdas and a local function, a method group.
/// </summary>
public sealed class Steps
{
    private const string Greeting = "hello";

    public string Scoped(string folder)
    {
        const int Copies = 2;
        var first = Path.Combine(folder, "first.txt");
        File.WriteAllText(first, Greeting);
        string text;
        {
            var second = Path.Combine(folder, "second.txt");
            File.Copy(first, second);
            for (var copy = 0; copy < Copies; copy++)
            {
                var line = File.ReadAllText(copy == 0 ? first : second);
                text = line + copy;
            }

            text = File.ReadAllText(second);
        }

        return text;
    }

    public string Guarded(string path)
    {
        var attempts = 0;
        try
        {
            attempts++;
            return File.Exists(path) ? File.ReadAllText(path) : "missing";
        }
        finally
        {
            var after = attempts;
            File.WriteAllText(path + ".log", after.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    public async Task<int> ReadBothAsync(string first, string second)
    {
        var total = 0;
        await Task.Yield();
        var one = await File.ReadAllTextAsync(first).ConfigureAwait(false);
        total += one.Length;
        try
        {
            var two = await File.ReadAllTextAsync(second).ConfigureAwait(false);
            total += two.Length;
        }
        finally
        {
            File.Exists(second);
        }

        await Task.Delay(1).ConfigureAwait(false);
        return total + (File.Exists(first) ? 1 : 0);
    }

    public IEnumerable<bool> Probe(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            var exists = File.Exists(path);
            yield return exists;
        }
    }

    public int Lambdas(string folder)
    {
        var name = "lambda.txt";
        Func<string, string> write = text =>
        {
            var target = Path.Combine(folder, name);
            File.WriteAllText(target, text);
            return target;
        };
        var written = write(Greeting);
        int Length(string path) => File.ReadAllText(path).Length;
        Func<string, string> read = File.ReadAllText;
        return Length(written) + read(written).Length;
    }

    public int Start(string program)
    {
        using var process = Process.Start(new ProcessStartInfo(program) { UseShellExecute = false });
        process!.WaitForExit();
        return process.ExitCode;
    }

    public int Count(string folder) => Directory.GetFiles(folder).Count(f => File.ReadAllText(f).Length > 0);
}
