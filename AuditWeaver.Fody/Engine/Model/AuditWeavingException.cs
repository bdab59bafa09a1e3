using System;
using Mono.Cecil.Cil;

namespace AuditWeaver.Fody.Engine;

/// <summary>
/// A mistake in the user's input (configuration, an unsupported construct), reported with a location and no stack trace.
/// Anything else thrown while weaving is a bug and keeps its stack.
/// </summary>
public sealed class AuditWeavingException : Exception
{
    public AuditWeavingException(string message, SequencePoint? location = null)
        : base(message)
    {
        Location = location;
    }

    public SequencePoint? Location { get; }
}
