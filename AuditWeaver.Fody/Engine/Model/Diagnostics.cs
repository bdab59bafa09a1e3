using System.Collections.Generic;
using Mono.Cecil.Cil;

namespace AuditWeaver.Fody.Engine;

/// <summary>How a diagnostic is reported: not at all, as a build message, a warning or an error.</summary>
public enum DiagnosticSeverity
{
    None,
    Info,
    Warning,
    Error,
}

/// <summary>One diagnostic: a stable id, its severity, where, and what to do.</summary>
public sealed class WeaveDiagnostic
{
    public WeaveDiagnostic(string id, DiagnosticSeverity severity, string message, string? method, string? sourceFile, int? line)
        : this(id, severity, message, method, sourceFile, line, null)
    {
    }

    internal WeaveDiagnostic(string id, DiagnosticSeverity severity, string message, string? method, string? sourceFile, int? line, SequencePoint? location)
    {
        Location = location;
        Id = id;
        Severity = severity;
        Message = message;
        Method = method;
        SourceFile = sourceFile;
        Line = line;
    }

    public string Id { get; }

    public DiagnosticSeverity Severity { get; }

    public string Message { get; }

    public string? Method { get; }

    public string? SourceFile { get; }

    public int? Line { get; }

    /// <summary>The sequence point of the construct, for a front that shows errors at their source line.</summary>
    internal SequencePoint? Location { get; }

    public override string ToString() => Id + ": " + Message;
}

/// <summary>
/// Every diagnostic id with its default severity and meaning. Ids are stable: they are what users write in
/// <c>&lt;Diagnostic id="..." severity="..." /&gt;</c> and what the weave report and docs name.
/// </summary>
public static class DiagnosticIds
{
    // Escape hatches: constructs that reach code the engine cannot attribute at weave time (AW0xxx).
    public const string DynamicCallSite = "AW0001";
    public const string ManagedCalli = "AW0002";
    public const string UnroutedMethodGroup = "AW0003";
    public const string PInvokeDeclaration = "AW0004";
    public const string UnsafeAccessorDeclaration = "AW0005";
    public const string UnsafeCode = "AW0006";

    /// <summary>The capability name of the unsafe-code escape hatch, as allow lists and the scan's reports write it.</summary>
    public const string UnsafeCapability = "unsafe";

    // Configuration (AW1xxx).
    public const string UnknownAttribute = "AW1001";
    public const string InvalidValue = "AW1002";
    public const string UnknownElement = "AW1003";
    public const string UnknownCategory = "AW1004";
    public const string MalformedMemberId = "AW1005";
    public const string InvalidPattern = "AW1006";
    public const string PatternMatchesNothing = "AW1007";
    public const string EventCategoryMismatch = "AW1008";
    public const string MissingAttribute = "AW1009";

    public static IReadOnlyDictionary<string, (DiagnosticSeverity Severity, string Title)> All { get; } = new Dictionary<string, (DiagnosticSeverity, string)>
    {
        [DynamicCallSite] = (DiagnosticSeverity.Info, "A C# dynamic binder that leaves its method: the call site made with it elsewhere is audited only where that code is woven"),
        [ManagedCalli] = (DiagnosticSeverity.Info, "A managed calli through a function pointer whose target is not known at weave time"),
        [UnroutedMethodGroup] = (DiagnosticSeverity.Info, "A method group or function pointer of an audited generic member that could not be routed through an audited thunk"),
        [PInvokeDeclaration] = (DiagnosticSeverity.Info, "A P/Invoke declaration: native code is entered here (calls to it are audited as native.call)"),
        [UnsafeAccessorDeclaration] = (DiagnosticSeverity.Info, "An UnsafeAccessor declaration: private members are reached without reflection (calls to it are audited)"),
        [UnsafeCode] = (DiagnosticSeverity.Info, "Unsafe code (capability unsafe): raw memory is read or written through pointers, Unsafe, NativeMemory or Marshal, so any memory is reachable; listed by scan, not audited"),
        [UnknownAttribute] = (DiagnosticSeverity.Error, "Unknown attribute in the AuditWeaver configuration"),
        [InvalidValue] = (DiagnosticSeverity.Error, "Invalid value in the AuditWeaver configuration"),
        [UnknownElement] = (DiagnosticSeverity.Error, "Unknown element in the AuditWeaver configuration"),
        [UnknownCategory] = (DiagnosticSeverity.Error, "Unknown category"),
        [MalformedMemberId] = (DiagnosticSeverity.Error, "Malformed documentation-comment ID"),
        [InvalidPattern] = (DiagnosticSeverity.Error, "Invalid pattern"),
        [PatternMatchesNothing] = (DiagnosticSeverity.Warning, "An event pattern matches no event"),
        [EventCategoryMismatch] = (DiagnosticSeverity.Error, "An event name does not start with its category"),
        [MissingAttribute] = (DiagnosticSeverity.Error, "A required attribute is missing"),
    };
}
