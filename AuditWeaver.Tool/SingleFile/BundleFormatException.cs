using System;

namespace AuditWeaver.Tool.SingleFile;

/// <summary>
/// A single-file bundle the tool cannot read or rebuild: damaged, of a version it does not know, or of a platform it
/// cannot write for. The message is one line saying why, for the user; the command names the file.
/// </summary>
internal sealed class BundleFormatException : Exception
{
    internal BundleFormatException(string message)
        : base(message)
    {
    }
}
