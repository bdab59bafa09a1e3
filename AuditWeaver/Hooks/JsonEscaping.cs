using System.Globalization;
using System.Text;

namespace AuditWeaver.Hooks;

/// <summary>
/// How every JSON string the project writes is quoted: the runtime's event text and JSON-lines log, and the weaver's
/// reports (this file is compiled into both). The five characters JSON names are escaped by name, every other control
/// character (C0, DEL, C1) as <c>\uXXXX</c>, so no line of a log is broken and no terminal is sent a control sequence;
/// everything else is written as it is.
/// </summary>
internal static class JsonEscaping
{
    /// <summary>The escape <paramref name="c"/> needs inside a JSON string, or null when it stands for itself.</summary>
    internal static string? Escape(char c) => c switch
    {
        '"' => "\\\"",
        '\\' => "\\\\",
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        _ when char.IsControl(c) => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
        _ => null,
    };

    /// <summary>Appends <paramref name="value"/> as a quoted JSON string.</summary>
    internal static void AppendQuoted(StringBuilder text, string value)
    {
        text.Append('"');
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (Escape(value[i]) is { } escape)
            {
                text.Append(value, start, i - start).Append(escape);
                start = i + 1;
            }
        }

        text.Append(value, start, value.Length - start).Append('"');
    }
}
