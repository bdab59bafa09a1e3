using System.Globalization;
using System.Text;

namespace AuditWeaver.Text;

/// <summary>
/// The one JSON string escaper: for text (a StringBuilder) and for UTF-8 bytes (the event log), with the same rules, so
/// that whatever a string holds, the result is valid JSON that every parser reads back: quotes, backslashes and
/// control characters (C0, DEL and C1) are escaped, as are U+2028 and U+2029 (line breaks to JavaScript), and a lone
/// surrogate, which no UTF-8 text can hold, becomes U+FFFD.
/// </summary>
internal static class JsonEscaping
{
    /// <summary>The most bytes one UTF-16 code unit can take once escaped (<c>\u001f</c>).</summary>
    internal const int MaxBytesPerChar = 6;

    private const char ReplacementCharacter = '\uFFFD';

    private static readonly byte[] s_hex = Encoding.ASCII.GetBytes("0123456789abcdef");

    /// <summary>Appends <paramref name="value"/> in double quotes.</summary>
    internal static void AppendQuoted(StringBuilder text, string value)
    {
        text.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsSurrogate(c))
            {
                if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    text.Append(c).Append(value[++i]);
                }
                else
                {
                    text.Append(ReplacementCharacter);
                }

                continue;
            }

            switch (Escape(c))
            {
                case '\0':
                    text.Append(c);
                    break;
                case 'u':
                    text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                case var letter:
                    text.Append('\\').Append(letter);
                    break;
            }
        }

        text.Append('"');
    }

    /// <summary>
    /// Writes the UTF-8 of <paramref name="count"/> code units of <paramref name="value"/> from <paramref name="start"/>,
    /// escaped, without quotes, at <paramref name="position"/> of <paramref name="buffer"/>, which has room for
    /// <see cref="MaxBytesPerChar"/> bytes per code unit; returns the position after them.
    /// </summary>
    internal static int WriteUtf8(string value, int start, int count, byte[] buffer, int position)
    {
        var end = start + count;
        for (var i = start; i < end; i++)
        {
            int c = value[i];
            if (c < 0x80)
            {
                var escape = Escape((char)c);
                if (escape == '\0')
                {
                    buffer[position++] = (byte)c;
                }
                else if (escape == 'u')
                {
                    position = WriteUnicodeEscape(c, buffer, position);
                }
                else
                {
                    buffer[position++] = (byte)'\\';
                    buffer[position++] = (byte)escape;
                }
            }
            else if (c < 0x800)
            {
                if (c < 0xA0)
                {
                    position = WriteUnicodeEscape(c, buffer, position);
                }
                else
                {
                    buffer[position++] = (byte)(0xC0 | (c >> 6));
                    buffer[position++] = (byte)(0x80 | (c & 0x3F));
                }
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
            else if (c is 0x2028 or 0x2029)
            {
                position = WriteUnicodeEscape(c, buffer, position);
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

    // '\0' when the character stands for itself; the letter after the backslash; or 'u' for \u00XX.
    private static char Escape(char c) => c switch
    {
        '"' => '"',
        '\\' => '\\',
        '\n' => 'n',
        '\r' => 'r',
        '\t' => 't',
        '\b' => 'b',
        '\f' => 'f',
        < ' ' or (>= '\u007F' and < '\u00A0') or '\u2028' or '\u2029' => 'u',
        _ => '\0',
    };

    private static int WriteUnicodeEscape(int c, byte[] buffer, int position)
    {
        buffer[position++] = (byte)'\\';
        buffer[position++] = (byte)'u';
        buffer[position++] = s_hex[(c >> 12) & 0xF];
        buffer[position++] = s_hex[(c >> 8) & 0xF];
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
