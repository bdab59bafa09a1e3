using System;
using System.IO;

namespace AuditWeaver.Tool.Weaving;

/// <summary>
/// Runs one write that the file system may refuse (a folder where a file is, a full disk, no permission) and turns the
/// refusal into a message for that one output, so that the command says what was not written and goes on.
/// </summary>
internal static class WriteAttempt
{
    /// <summary>Null when <paramref name="write"/> (of <paramref name="target"/>) succeeded, else <c>&lt;failure&gt; (&lt;why&gt;).</c></summary>
    internal static string? Run(Action write, string target, string failure)
    {
        try
        {
            write();
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            // The runtime's message names the temporary file the write went through, which the user never asked for;
            // the folder they can fix is the one that refused it.
            return failure + " (no permission to write in " + NearestFolder(target) + ").";
        }
        catch (IOException exception)
        {
            return failure + " (" + exception.Message.TrimEnd('.') + ").";
        }
    }

    private static string NearestFolder(string target)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(target));
        while (folder != null && !Directory.Exists(folder))
        {
            folder = Path.GetDirectoryName(folder);
        }

        return folder ?? Path.GetFullPath(target);
    }
}
