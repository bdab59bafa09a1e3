using System;
using System.Globalization;
using System.Text;

namespace AuditWeaver.Hooks;

/// <summary>Writes argument values in the one text form used by <see cref="AuditEvent.ToString"/> and the logs.</summary>
internal static class ValueFormatter
{
    /// <summary>Writes <c>name: value, ...</c>, or bare values where the schema has no name for them.</summary>
    internal static void AppendArguments(StringBuilder text, AuditEvent auditEvent)
    {
        var names = auditEvent.ArgumentNames;
        for (var i = 0; i < auditEvent.ArgumentCount; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }

            if (names != null && i < names.Count)
            {
                text.Append(names[i]).Append(": ");
            }

            Append(text, auditEvent.ArgumentAt(i));
        }
    }

    internal static void Append(StringBuilder text, object? value)
    {
        switch (value)
        {
            case null:
                text.Append("null");
                break;
            case string s:
                AppendQuoted(text, s);
                break;
            case bool b:
                text.Append(b ? "true" : "false");
                break;
            case Enum or byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal:
                // Numbers and enum names read unambiguously without quotes.
                text.Append(((IFormattable)value).ToString(null, CultureInfo.InvariantCulture));
                break;
            case IFormattable formattable:
                AppendQuoted(text, formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                AppendQuoted(text, value.ToString() ?? string.Empty);
                break;
        }
    }

    /// <summary>A string value, quoted as in JSON (<see cref="JsonEscaping"/>): the logs are JSON, and so reads the text.</summary>
    internal static void AppendQuoted(StringBuilder text, string value) => JsonEscaping.AppendQuoted(text, value);
}
