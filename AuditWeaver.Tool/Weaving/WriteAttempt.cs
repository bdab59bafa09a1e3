using System;
using System.IO;

namespace AuditWeaver.Tool.Weaving;

/// <summary>
/// Runs one write that the file system may refuse (a folder where a file is, a full disk, no permission) and turns the
/// refusal into a message for that one output, so that the command says what was not written and goes on.
/// </summary>
internal static class WriteAttempt
{
    /// <summary>Null when <paramref name="write"/> succeeded, else <c>&lt;failure&gt; (&lt;why&gt;).</c></summary>
    internal static string? Run(Action write, string failure)
    {
        try
        {
            write();
            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return failure + " (" + exception.Message.TrimEnd('.') + ").";
        }
    }
}
