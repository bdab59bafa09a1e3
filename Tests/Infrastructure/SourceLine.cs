using System;
using System.IO;

namespace Tests.Infrastructure;

/// <summary>Lines of AssemblyToProcess's source that tests find by a marker comment, so that edits above them break nothing.</summary>
internal static class SourceLine
{
    /// <summary>The line number of the line in AssemblyToProcess/<paramref name="file"/> that ends in <c>// LINE-MARKER: <paramref name="marker"/></c>.</summary>
    internal static int Marked(string file, string marker)
    {
        var lines = File.ReadAllLines(Path.Combine(Paths.RepositoryRoot, "AssemblyToProcess", file));
        var index = Array.FindIndex(lines, l => l.EndsWith("// LINE-MARKER: " + marker, StringComparison.Ordinal));
        return index >= 0 ? index + 1 : throw new InvalidOperationException("AssemblyToProcess/" + file + " has no line marked " + marker + ".");
    }
}
