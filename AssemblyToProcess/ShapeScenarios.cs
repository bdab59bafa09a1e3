using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace AssemblyToProcess;

/// <summary>
/// Compiler shapes around audited calls. Each method returns something observable so tests can check that the woven
/// code computes exactly what the original did.
/// </summary>
public class ShapeScenarios
{
    // A ternary feeding a call: the call instruction is a branch target with a value on the stack.
    public bool Ternary(bool first, string a, string b) => File.Exists(first ? a : b);

    // Nested audited calls: the inner one's woven code completes before the outer one's begins.
    public bool Nested(string pathFile) => File.Exists(File.ReadAllText(pathFile).Trim());

    public string Lambda(string path)
    {
        Func<string, string> read = p => File.ReadAllText(p);
        return read(path);
    }

    public string Closure(string path)
    {
        var suffix = "!";
        Func<string> read = () => File.ReadAllText(path) + suffix;
        return read();
    }

    public string LocalFunction(string path)
    {
        return Read();

        string Read() => File.ReadAllText(path);
    }

    public static string StaticLocalFunction(string path)
    {
        return Read(path);

        static string Read(string p) => File.ReadAllText(p);
    }

    public async Task<string> Async(string path)
    {
        await Task.Yield();
        var text = await File.ReadAllTextAsync(path);
        await Task.Yield();
        return text + File.ReadAllText(path);
    }

    public IEnumerable<string> Iterator(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            yield return File.ReadAllText(path);
        }
    }

    public string TryCatchFinally(string path, string fallback)
    {
        string result;
        try
        {
            result = File.ReadAllText(path);
        }
        catch (FileNotFoundException)
        {
            result = File.ReadAllText(fallback);
        }
        finally
        {
            File.Exists(path);
        }

        return result;
    }

    // The audited call sits inside an exception filter.
    public string Filter(string path, string marker)
    {
        try
        {
            throw new InvalidOperationException("boom");
        }
        catch (InvalidOperationException) when (File.Exists(marker))
        {
            return File.ReadAllText(path);
        }
        catch (InvalidOperationException)
        {
            return "not filtered";
        }
    }

    public T Generic<T>(string path, Func<string, T> parse) => parse(File.ReadAllText(path));

    public string GenericType(string path) => new Reader<int>(path).Read(42);

    public bool Struct(string path) => new PathProbe(path).Exists();

    public string StaticConstructor() => WithStaticConstructor.Text;

    public int Switch(int selector, string a, string b)
    {
        switch (selector)
        {
            case 0:
                return File.ReadAllText(a).Length;
            case 1:
                return File.ReadAllText(b).Length;
            case 2:
                return File.Exists(a) ? 1 : 0;
            default:
                return -1;
        }
    }

    public int Loop(string[] paths)
    {
        var count = 0;
        for (var i = 0; i < paths.Length; i++)
        {
            if (File.Exists(paths[i]))
            {
                count++;
            }
        }

        return count;
    }

    public int Linq(string[] paths) => paths.Where(File.Exists).Count();

    // A value type receiver and a by-ref argument.
    public bool ByRef(string path)
    {
        var probe = new PathProbe(path);
        return PathProbe.ExistsRef(ref probe);
    }

    public void Constrained<T>(T info)
        where T : FileSystemInfo => info.Delete();

    public string Span(string path)
    {
        ReadOnlySpan<char> chars = path.AsSpan();
        return File.ReadAllText(new string(chars));
    }

    public void Derived(string path) => new LoggedFileStream(path).Dispose();

    /// <summary>Throws FileNotFoundException from an audited call; the test checks the stack trace's line.</summary>
    public string ThrowsFromLine(string missing)
    {
        var padding = missing.Length;
        return File.ReadAllText(missing) + padding; // LINE-MARKER: ThrowsFromLine
    }

    // A method whose woven body the tests compare against a snapshot.
    public bool Snapshot(string path) => File.Exists(path);
}

public class Reader<T>
{
    private readonly string _path;

    public Reader(string path) => _path = path;

    public string Read(T tag) => tag + ":" + File.ReadAllText(_path);
}

public readonly struct PathProbe
{
    private readonly string _path;

    public PathProbe(string path) => _path = path;

    public bool Exists() => File.Exists(_path);

    public static bool ExistsRef(ref PathProbe probe) => File.Exists(probe._path);
}

public static class WithStaticConstructor
{
    public static readonly string Text;

    static WithStaticConstructor()
    {
        var path = Path.Combine(Path.GetTempPath(), "auditweaver-cctor.txt");
        Text = File.Exists(path) ? File.ReadAllText(path) : "absent";
    }
}

// A constructor that calls an audited base constructor: `call FileStream::.ctor` on an unconstructed `this`.
public class LoggedFileStream : FileStream
{
    public LoggedFileStream(string path)
        : base(path, FileMode.Create, FileAccess.Write)
    {
    }
}
