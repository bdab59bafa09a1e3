using System.Globalization;
using System.Text;

namespace AuditWeaver.Hooks;

/// <summary>
/// How every JSON string the project writes is quoted: the runtime's event text and JSON-lines log, and the weaver's
/// reports (this file is compiled into both). The five characters JSON names are escaped by name, every other control
/// character (C0, DEL, C1) as <c>\uXXXX</c>, so no line of a log is broken and no terminal is sent a control sequence;
/// a lone UTF-16 surrogate, which no UTF-8 text can hold and strict parsers refuse, becomes U+FFFD; everything else is
/// written as it is. The event log writes UTF-8 directly (<see cref="WriteUtf8"/>), by the same rules.
/// </summary>
internal static class JsonEscaping
{
    /// <summary>The most bytes one UTF-16 code unit can take once escaped (<c>\u001f</c>).</summary>
    internal const int MaxBytesPerChar = 6;

    private const char ReplacementCharacter = '\uFFFD';

    private static readonly byte[] s_hex = Encoding.ASCII.GetBytes("0123456789abcdef");

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
            var c = value[i];
            if (char.IsSurrogate(c))
            {
                if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    i++;
                }
                else
                {
                    text.Append(value, start, i - start).Append(ReplacementCharacter);
                    start = i + 1;
                }
            }
            else if (Escape(c) is { } escape)
            {
                text.Append(value, start, i - start).Append(escape);
                start = i + 1;
            }
        }

        text.Append(value, start, value.Length - start).Append('"');
    }

    /// <summary>
    /// Writes the UTF-8 of <paramref name="count"/> code units of <paramref name="value"/> from <paramref name="start"/>,
    /// escaped as <see cref="AppendQuoted"/> escapes, without quotes, at <paramref name="position"/> of
    /// <paramref name="buffer"/>, which has room for <see cref="MaxBytesPerChar"/> bytes per code unit; returns the
    /// position after them. Nothing is allocated.
    /// </summary>
    internal static int WriteUtf8(string value, int start, int count, byte[] buffer, int position)
    {
        var end = start + count;
        for (var i = start; i < end; i++)
        {
            int c = value[i];
            if (c < 0x80 && c >= 0x20 && c != '"' && c != '\\' && c != 0x7F)
            {
                buffer[position++] = (byte)c;
            }
            else if (c < 0xA0)
            {
                position = WriteEscape((char)c, buffer, position);
            }
            else if (c < 0x800)
            {
                buffer[position++] = (byte)(0xC0 | (c >> 6));
                buffer[position++] = (byte)(0x80 | (c & 0x3F));
            }
            else if (c is >= 0xD800 and <= 0xDFFF)
            {
                if (c <= 0xDBFF && i + 1 < end && value[i + 1] is >= '\uDC00' and <= '\uDFFF')
                {
                    var scalar = 0x10000 + ((c - 0xD800) << 10) + (value[++i] - 0xDC00);
                    buffer[position++] = (byte)(0xF0 | (scalar >> 18));
                    buffer[position++] = (byte)(0x80 | ((scalar >> 12) & 0x3F));
                    buffer[position++] = (byte)(0x80 | ((scalar >> 6) & 0x3F));
                    buffer[position++] = (byte)(0x80 | (scalar & 0x3F));
                }
                else
                {
                    position = WriteThreeBytes(ReplacementCharacter, buffer, position);
                }
            }
            else
            {
                position = WriteThreeBytes(c, buffer, position);
            }
        }

        return position;
    }

    /// <summary>
    /// Where to cut <paramref name="value"/> to at most <paramref name="maxChars"/> code units without splitting a
    /// surrogate pair.
    /// </summary>
    internal static int CutLength(string value, int maxChars) =>
        value.Length <= maxChars ? value.Length
        : char.IsHighSurrogate(value[maxChars - 1]) ? maxChars - 1
        : maxChars;

    // A character below U+00A0 that Escape escapes: by name, or as \u00XX.
    private static int WriteEscape(char c, byte[] buffer, int position)
    {
        buffer[position++] = (byte)'\\';
        var named = c switch
        {
            '"' => '"',
            '\\' => '\\',
            '\n' => 'n',
            '\r' => 'r',
            '\t' => 't',
            _ => '\0',
        };
        if (named != '\0')
        {
            buffer[position++] = (byte)named;
            return position;
        }

        buffer[position++] = (byte)'u';
        buffer[position++] = (byte)'0';
        buffer[position++] = (byte)'0';
        buffer[position++] = s_hex[(c >> 4) & 0xF];
        buffer[position++] = s_hex[c & 0xF];
        return position;
    }

    private static int WriteThreeBytes(int c, byte[] buffer, int position)
    {
        buffer[position++] = (byte)(0xE0 | (c >> 12));
        buffer[position++] = (byte)(0x80 | ((c >> 6) & 0x3F));
        buffer[position++] = (byte)(0x80 | (c & 0x3F));
        return position;
    }
}
