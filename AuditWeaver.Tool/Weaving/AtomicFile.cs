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
        var folder = Path.GetDirectoryName(destination)!;
        Directory.CreateDirectory(folder);
        var staging = Path.Combine(folder, ".auditweaver-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(staging);
        try
        {
            write(Path.Combine(staging, Path.GetFileName(destination)));
            foreach (var file in Directory.GetFiles(staging))
            {
                File.Move(file, Path.Combine(folder, Path.GetFileName(file)), overwrite: true);
            }
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    internal static void Copy(string source, string destination) =>
        Write(destination, temporary => File.Copy(source, temporary));

    internal static void WriteAllText(string destination, string text) =>
        Write(destination, temporary => File.WriteAllText(temporary, text));
}
