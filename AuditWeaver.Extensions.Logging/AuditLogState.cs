using System.Collections;
using System.Collections.Generic;

namespace AuditWeaver.Extensions.Logging;

/// <summary>
/// An audit event as the structured state of one log entry: each field is a named value that logging providers
/// (JSON console, OpenTelemetry, Serilog) keep as an attribute, and the message is the event's one-line text.
/// </summary>
internal sealed class AuditLogState : IReadOnlyList<KeyValuePair<string, object?>>
{
    internal const string OriginalFormat = "{AuditEvent}({AuditArguments}) api={AuditApi} caller={AuditCaller}";

    private readonly AuditEvent _event;
    private readonly string _arguments;

    internal AuditLogState(AuditEvent auditEvent)
    {
        _event = auditEvent;
        _arguments = auditEvent.FormatArguments();
    }

    public int Count => 8;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("AuditEvent", _event.Name),
        1 => new("AuditCategory", _event.Category),
        2 => new("AuditArguments", _arguments),
        3 => new("AuditApi", _event.Api),
        4 => new("AuditCaller", _event.Caller),
        5 => new("AuditSourceFile", _event.SourceFile),
        6 => new("AuditLine", _event.Line),
        7 => new("{OriginalFormat}", OriginalFormat),
        _ => throw new System.ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => _event.ToString();
}
