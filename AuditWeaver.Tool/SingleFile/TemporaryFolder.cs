using System;
using System.IO;

namespace AuditWeaver.Tool.SingleFile;

/// <summary>The private folders a bundle is unpacked into: a fresh one per bundle, deleted when done.</summary>
internal static class TemporaryFolder
{
    internal static string Create() => Path.Combine(Path.GetTempPath(), "auditweaver-" + Guid.NewGuid().ToString("N"));

    internal static void Delete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A temporary folder left behind is not worth failing a command that succeeded.
        }
    }
}
