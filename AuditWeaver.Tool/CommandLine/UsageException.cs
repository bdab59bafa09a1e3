using System;

namespace AuditWeaver.Tool.CommandLine;

/// <summary>A mistake in how the tool was called (exit code 2): the message says what is wrong and with which argument.</summary>
internal sealed class UsageException : Exception
{
    internal UsageException(string message)
        : base(message)
    {
    }
}
