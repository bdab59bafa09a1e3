using System.Globalization;
using Mono.Cecil.Cil;

namespace AuditWeaver.Fody.Engine;

/// <summary>What a <see cref="WeaveMessage"/> is about.</summary>
public enum WeaveMessageKind
{
    /// <summary>A problem in the configuration (AW1xxx). With an error among them, the engine does not run.</summary>
    Configuration,

    /// <summary>From the engine: a construct or catalog entry it cannot weave, a reference it cannot resolve, or a note.</summary>
    Engine,

    /// <summary>A diagnostic (AW0xxx) at the severity the configuration gives it.</summary>
    Diagnostic,

    /// <summary>A call site outside what its assembly's <c>&lt;Allow&gt;</c> lists allow.</summary>
    AllowList,

    /// <summary>Said by the front about the assembly (a reference the command-line tool could not find, say).</summary>
    Front,
}

/// <summary>One thing a weave has to say, at its severity; an error fails the assembly (<see cref="WeaveOutcome.Failed"/>).</summary>
public sealed class WeaveMessage
{
    public WeaveMessage(WeaveMessageKind kind, DiagnosticSeverity severity, string text, SequencePoint? location = null, WovenSite? site = null)
    {
        Kind = kind;
        Severity = severity;
        Text = text;
        Location = location;
        Site = site;
    }

    public WeaveMessageKind Kind { get; }

    public DiagnosticSeverity Severity { get; }

    /// <summary>The message without its location.</summary>
    public string Text { get; }

    /// <summary>The source line it is about, when the module has debug information (Fody shows it as the error's location).</summary>
    public SequencePoint? Location { get; }

    /// <summary>For an allow-list violation, the call site.</summary>
    public WovenSite? Site { get; }

    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary><c>File.cs(12): text</c>, or the text alone without a location.</summary>
    public override string ToString() =>
        Location == null ? Text : Location.Document.Url + "(" + Location.StartLine.ToString(CultureInfo.InvariantCulture) + "): " + Text;
}
