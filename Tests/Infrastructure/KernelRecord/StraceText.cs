using System;
using System.Collections.Generic;
using System.Text;

namespace Tests.Infrastructure.KernelRecord;

/// <summary>The pieces of strace's text format: a call's argument list, and its C-escaped strings.</summary>
internal static class StraceText
{
    /// <summary>
    /// Splits <paramref name="text"/>, which starts just after a call's opening parenthesis, into its top-level arguments
    /// and returns where the closing parenthesis is. Commas and parentheses inside strings, arrays and structures are
    /// not separators: a written log line holds both.
    /// </summary>
    internal static (List<string> Arguments, int End) SplitArguments(string text)
    {
        var arguments = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '"':
                    i = EndOfString(text, i);
                    break;
                case '(' or '[' or '{':
                    depth++;
                    break;
                case ']' or '}':
                    depth--;
                    break;
                case ')' when depth > 0:
                    depth--;
                    break;
                case ')':
                    AddArgument(arguments, text[start..i]);
                    return (arguments, i);
                case ',' when depth == 0:
                    AddArgument(arguments, text[start..i]);
                    start = i + 1;
                    break;
            }
        }

        throw new FormatException("strace line without the end of its arguments: " + text);
    }

    /// <summary>The bytes of a printed string (<c>"a\"b\n\303\251"...</c>, possibly cut short with <c>...</c>) as UTF-8 text.</summary>
    internal static string Decode(string printed)
    {
        var bytes = new List<byte>(printed.Length);
        var end = EndOfString(printed, 0);
        for (var i = 1; i < end; i++)
        {
            if (printed[i] != '\\')
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(printed[i].ToString()));
                continue;
            }

            var escape = printed[++i];
            switch (escape)
            {
                case 'n': bytes.Add((byte)'\n'); break;
                case 't': bytes.Add((byte)'\t'); break;
                case 'r': bytes.Add((byte)'\r'); break;
                case 'v': bytes.Add((byte)'\v'); break;
                case 'f': bytes.Add((byte)'\f'); break;
                case 'x':
                    bytes.Add(Convert.ToByte(printed.Substring(i + 1, 2), 16));
                    i += 2;
                    break;
                case >= '0' and <= '7':
                    var digits = 1;
                    while (digits < 3 && printed[i + digits] is >= '0' and <= '7')
                    {
                        digits++;
                    }

                    bytes.Add(Convert.ToByte(printed.Substring(i, digits), 8));
                    i += digits - 1;
                    break;
                default:
                    bytes.Add((byte)escape);
                    break;
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static void AddArgument(List<string> arguments, string argument)
    {
        if (argument.Trim() is { Length: > 0 } trimmed)
        {
            arguments.Add(trimmed);
        }
    }

    private static int EndOfString(string text, int opening)
    {
        for (var i = opening + 1; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == '"')
            {
                return i;
            }
        }

        throw new FormatException("strace string without its closing quote: " + text);
    }
}
