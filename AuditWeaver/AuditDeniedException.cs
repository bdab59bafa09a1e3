using System;
using System.Diagnostics.CodeAnalysis;

namespace AuditWeaver;

/// <summary>
/// What a hook throws to deny an operation. Any exception a hook throws stops the operation; this one says that it
/// was a deliberate refusal and which event was refused.
/// </summary>
public class AuditDeniedException : Exception
{
    /// <summary>Creates an exception with a default message.</summary>
    public AuditDeniedException()
        : this("The operation was denied by an audit hook.")
    {
    }

    /// <summary>Creates an exception with the given message.</summary>
    public AuditDeniedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with the given message and inner exception.</summary>
    public AuditDeniedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception that denies <paramref name="auditEvent"/>, naming it in the message.</summary>
    [SuppressMessage("ApiDesign", "RS0027", Justification = "Its two-parameter neighbour starts with a string, this one with an AuditEvent: no call can be ambiguous.")]
    public AuditDeniedException(AuditEvent auditEvent, string? reason = null)
        : base(FormatMessage(auditEvent, reason))
    {
        Event = auditEvent;
    }

    /// <summary>The event that was denied, when the exception was created for one.</summary>
    public AuditEvent? Event { get; }

    private static string FormatMessage(AuditEvent auditEvent, string? reason)
    {
        if (auditEvent == null)
        {
            throw new ArgumentNullException(nameof(auditEvent));
        }

        var message = "Audit event '" + auditEvent.Name + "' was denied";
        return reason == null ? message + "." : message + ": " + reason;
    }
}
