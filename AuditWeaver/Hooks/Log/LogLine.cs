using System;
using System.Globalization;
using System.Text;

namespace AuditWeaver.Hooks.Log;

/// <summary>
/// One line of the event log being written as UTF-8 JSON into a buffer of its own thread: nothing is allocated for
/// strings, numbers and the time. A string value longer than <see cref="MaxValueChars"/> is cut there and ends with
/// <c>…(cut from N chars)</c>, and once a line holds <see cref="ArgumentBudget"/> bytes the remaining values are only the
/// marker <c>…(cut)</c>; either way the line gets <c>"cut":true</c>.
/// </summary>
internal sealed class LogLine
{
    /// <summary>The longest string value written whole, in UTF-16 code units.</summary>
    internal const int MaxValueChars = 8192;

    /// <summary>Once a line is this long, further argument values are replaced by a marker.</summary>
    internal const int ArgumentBudget = 256 * 1024;

    // The most a value can add: the longest string escaped, its quotes and the cut marker.
    private const int MaxValueBytes = (MaxValueChars * JsonEscaping.MaxBytesPerChar) + 64;

    // A thread keeps a buffer this large between lines; a longer line's buffer is let go when the line is done.
    private const int KeptCapacity = 16 * 1024;

    private static readonly byte[] s_null = Ascii("null");
    private static readonly byte[] s_true = Ascii("true");
    private static readonly byte[] s_false = Ascii("false");
    private static readonly byte[] s_timeStart = Ascii("{\"time\":\"");

    private byte[] _buffer = new byte[1024];
    private long _minute = -1;
    private readonly byte[] _minuteText = new byte[17];

    /// <summary>The line so far.</summary>
    internal byte[] Buffer => _buffer;

    internal int Length { get; private set; }

    /// <summary>True once a value was cut.</summary>
    internal bool Cut { get; private set; }

    internal static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    /// <summary>Starts a new line with <c>{"time":"...Z"</c>.</summary>
    internal void Start(DateTime utc)
    {
        Length = 0;
        Cut = false;
        Raw(s_timeStart);
        Time(utc);
        Byte((byte)'"');
    }

    /// <summary>Empties the line and keeps <see cref="Cut"/> (for parts made one after the other).</summary>
    internal void Reset() => Length = 0;

    /// <summary>Lets go of a buffer a long line made large, so that a thread keeps at most <see cref="KeptCapacity"/> bytes.</summary>
    internal void Finish()
    {
        if (_buffer.Length > KeptCapacity)
        {
            _buffer = new byte[KeptCapacity];
        }
    }

    internal void Byte(byte value)
    {
        Ensure(1);
        _buffer[Length++] = value;
    }

    internal void Raw(byte[] bytes)
    {
        Ensure(bytes.Length);
        System.Buffer.BlockCopy(bytes, 0, _buffer, Length, bytes.Length);
        Length += bytes.Length;
    }

    internal void Int64(long value)
    {
        if (value < 0)
        {
            Byte((byte)'-');
            UInt64(value == long.MinValue ? (ulong)long.MaxValue + 1 : (ulong)-value);
        }
        else
        {
            UInt64((ulong)value);
        }
    }

    internal void UInt64(ulong value)
    {
        Ensure(20);
        var digits = 1;
        for (var rest = value / 10; rest != 0; rest /= 10)
        {
            digits++;
        }

        var end = Length + digits;
        for (var i = end - 1; i >= Length; i--)
        {
            _buffer[i] = (byte)('0' + (int)(value % 10));
            value /= 10;
        }

        Length = end;
    }

    /// <summary>A JSON string, cut after <see cref="MaxValueChars"/> code units.</summary>
    internal void String(string value)
    {
        var count = JsonEscaping.CutLength(value, MaxValueChars);
        Ensure((count * JsonEscaping.MaxBytesPerChar) + 64);
        _buffer[Length++] = (byte)'"';
        Length = JsonEscaping.WriteUtf8(value, 0, count, _buffer, Length);
        if (count < value.Length)
        {
            Cut = true;
            CutMarker(value.Length);
        }

        _buffer[Length++] = (byte)'"';
    }

    /// <summary>An argument value: JSON numbers and booleans as they are, everything else as its invariant text (enums by name).</summary>
    internal void Value(object? value)
    {
        if (Length > ArgumentBudget)
        {
            Cut = true;
            Ensure(32);
            _buffer[Length++] = (byte)'"';
            CutMarker(-1);
            _buffer[Length++] = (byte)'"';
            return;
        }

        switch (value)
        {
            case null:
                Raw(s_null);
                break;
            case string text:
                String(text);
                break;
            case bool flag:
                Raw(flag ? s_true : s_false);
                break;
            case int number:
                Int64(number);
                break;
            case long number:
                Int64(number);
                break;
            case byte or sbyte or short or ushort or uint:
                Int64(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case ulong number:
                UInt64(number);
                break;
            case decimal number:
                AsciiText(number.ToString(CultureInfo.InvariantCulture));
                break;
            case double number when !double.IsNaN(number) && !double.IsInfinity(number):
                AsciiText(number.ToString("R", CultureInfo.InvariantCulture));
                break;
            case float number when !float.IsNaN(number) && !float.IsInfinity(number):
                AsciiText(number.ToString("R", CultureInfo.InvariantCulture));
                break;
            default:
                String(TextOf(value));
                break;
        }
    }

    /// <summary>An argument passed unboxed, by its <c>ScalarKinds</c> letter.</summary>
    internal void Scalar(char kind, long bits)
    {
        switch (kind)
        {
            case 'Z':
                Raw(bits != 0 ? s_true : s_false);
                break;
            case 'C':
                String(((char)bits).ToString());
                break;
            case 'L':
                UInt64((ulong)bits);
                break;
            default:
                Int64(bits);
                break;
        }
    }

    // A value's own ToString is user code: whatever it does (throw, return null), the line stays whole.
    private static string TextOf(object value)
    {
        try
        {
            return (value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : value.ToString()) ?? string.Empty;
        }
        catch (Exception exception)
        {
            return "(" + value.GetType().FullName + ".ToString threw " + exception.GetType().FullName + ")";
        }
    }

    private void AsciiText(string text)
    {
        Ensure(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            _buffer[Length++] = (byte)text[i];
        }
    }

    private void CutMarker(int originalLength)
    {
        // "…(cut from N chars)" or "…(cut)": U+2026 is three bytes.
        Ensure(48);
        _buffer[Length++] = 0xE2;
        _buffer[Length++] = 0x80;
        _buffer[Length++] = 0xA6;
        foreach (var c in "(cut")
        {
            _buffer[Length++] = (byte)c;
        }

        if (originalLength >= 0)
        {
            foreach (var c in " from ")
            {
                _buffer[Length++] = (byte)c;
            }

            UInt64((ulong)originalLength);
            foreach (var c in " chars")
            {
                _buffer[Length++] = (byte)c;
            }
        }

        _buffer[Length++] = (byte)')';
    }

    // yyyy-MM-ddTHH:mm:ss.fffffffZ, as DateTime's "o" format writes a UTC time; the date and minute are formatted once a
    // minute per thread.
    private void Time(DateTime utc)
    {
        var ticks = utc.Ticks;
        var minute = ticks / TimeSpan.TicksPerMinute;
        if (minute != _minute)
        {
            var text = utc.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'", CultureInfo.InvariantCulture);
            for (var i = 0; i < _minuteText.Length; i++)
            {
                _minuteText[i] = (byte)text[i];
            }

            _minute = minute;
        }

        Raw(_minuteText);
        var inMinute = ticks - (minute * TimeSpan.TicksPerMinute);
        var seconds = (int)(inMinute / TimeSpan.TicksPerSecond);
        var fraction = (int)(inMinute % TimeSpan.TicksPerSecond);
        Ensure(11);
        _buffer[Length++] = (byte)('0' + (seconds / 10));
        _buffer[Length++] = (byte)('0' + (seconds % 10));
        _buffer[Length++] = (byte)'.';
        for (var i = Length + 6; i >= Length; i--)
        {
            _buffer[i] = (byte)('0' + (fraction % 10));
            fraction /= 10;
        }

        Length += 7;
        _buffer[Length++] = (byte)'Z';
    }

    private void Ensure(int more)
    {
        if (Length + more > _buffer.Length)
        {
            var grown = new byte[Math.Max(_buffer.Length * 2, Length + more + MaxValueBytes)];
            System.Buffer.BlockCopy(_buffer, 0, grown, 0, Length);
            _buffer = grown;
        }
    }
}
