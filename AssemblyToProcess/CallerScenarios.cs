using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace AssemblyToProcess;

/// <summary>
/// Code the compiler moves out of the method the user wrote, nested one inside another: each event's caller must still
/// name the user's method (and the lambda or local function in it).
/// </summary>
public class CallerScenarios
{
    public Task<string> AsyncLambda(string path)
    {
        Func<Task<string>> read = async () =>
        {
            await Task.Yield();
            return File.ReadAllText(path);
        };
        return read();
    }

    public Task<string> AsyncLocalFunction(string path)
    {
        return Read();

        async Task<string> Read()
        {
            await Task.Yield();
            return File.ReadAllText(path);
        }
    }

    public string LambdaInLocalFunction(string path)
    {
        return Outer();

        string Outer()
        {
            Func<string> read = () => File.ReadAllText(path);
            return read();
        }
    }

    public string LocalFunctionInLambda(string path)
    {
        Func<string> outer = () =>
        {
            return Read();

            string Read() => File.ReadAllText(path);
        };
        return outer();
    }

    public string IteratorLocalFunction(string path)
    {
        return Lines().Single();

        IEnumerable<string> Lines()
        {
            yield return File.ReadAllText(path);
        }
    }

    // The test renames these two to the names the compiler gives code in top-level statements (<<Main>$>b__..., <<Main>$>g__...).
    public string TopLevelShapes(string path)
    {
        Func<string, string> read = p => File.ReadAllText(p);
        return read(path) + Exists(path);

        static bool Exists(string p) => File.Exists(p);
    }
}
