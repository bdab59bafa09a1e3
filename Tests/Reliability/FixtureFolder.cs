using System.IO;

namespace Tests.Reliability;

/// <summary>The folder every fixture entry point works in, laid out the same before each run.</summary>
internal static class FixtureFolder
{
    internal const string Input = "hello from input";

    /// <summary>Empties <paramref name="folder"/> and writes input.txt and sub/inner.txt.</summary>
    internal static void Seed(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(Path.Combine(folder, "sub"));
        File.WriteAllText(Path.Combine(folder, "input.txt"), Input);
        File.WriteAllText(Path.Combine(folder, "sub", "inner.txt"), "inner");
    }
}
