using System;
using System.IO;

namespace AuditWeaver.Tool.Weaving;

/// <summary>
/// Writes files so that a reader never sees half of one: everything is written into a private folder beside the
/// destination and then renamed into place, which on one file system replaces the old file in a single step.
/// </summary>
internal static class AtomicFile
{
    /// <summary>
    /// Calls <paramref name="write"/> with a path in a private temporary folder next to <paramref name="destination"/>;
    /// then moves every file it wrote there into the destination's folder. On any exception nothing is moved.
    /// </summary>
    internal static void Write(string destination, Action<string> write)
    {
        using var staged = Stage(destination, write);
        staged.Commit();
    }

    /// <summary>
    /// Writes as <see cref="Write"/> does, but leaves the files in their private folder until <see cref="StagedFile.Commit"/>:
    /// what an application needs is all written before any of it replaces what was there. Disposing it without a commit
    /// deletes what was written.
    /// </summary>
    internal static StagedFile Stage(string destination, Action<string> write)
    {
        var folder = Path.GetDirectoryName(destination)!;
        Directory.CreateDirectory(folder);
        var staging = Path.Combine(folder, ".auditweaver-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(staging);
        var staged = new StagedFile(destination, staging);
        try
        {
            write(Path.Combine(staging, Path.GetFileName(destination)));
            return staged;
        }
        catch
        {
            staged.Dispose();
            throw;
        }
    }

    internal static void Copy(string source, string destination) =>
        Write(destination, temporary => File.Copy(source, temporary));

    internal static void WriteAllText(string destination, string text) =>
        Write(destination, temporary => File.WriteAllText(temporary, text));
}
