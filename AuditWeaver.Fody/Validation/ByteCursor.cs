namespace AuditWeaver.Fody.Validation;

/// <summary>
/// Reads little-endian values and ECMA-335 compressed integers from a slice of the image, refusing to read past its end:
/// every read the validator makes goes through one, so no damaged length can take it outside the bytes it was given.
/// </summary>
internal struct ByteCursor
{
    private readonly byte[] _bytes;
    private readonly string _what;

    internal ByteCursor(byte[] bytes, int start, int end, string what)
    {
        _bytes = bytes;
        Offset = start;
        End = end;
        _what = what;
    }

    internal int Offset { get; set; }

    internal int End { get; }

    internal readonly int Remaining => End - Offset;

    internal byte ReadByte()
    {
        Need(1);
        return _bytes[Offset++];
    }

    internal ushort ReadUInt16()
    {
        Need(2);
        var value = (ushort)(_bytes[Offset] | (_bytes[Offset + 1] << 8));
        Offset += 2;
        return value;
    }

    internal uint ReadUInt32()
    {
        Need(4);
        var value = (uint)(_bytes[Offset] | (_bytes[Offset + 1] << 8) | (_bytes[Offset + 2] << 16) | (_bytes[Offset + 3] << 24));
        Offset += 4;
        return value;
    }

    internal ulong ReadUInt64() => ReadUInt32() | ((ulong)ReadUInt32() << 32);

    /// <summary>An index of 2 or 4 bytes (heap and table indices are either, by the sizes of what they index).</summary>
    internal uint ReadIndex(int size) => size == 2 ? ReadUInt16() : ReadUInt32();

    internal uint ReadCompressed()
    {
        var first = ReadByte();
        if ((first & 0x80) == 0)
        {
            return first;
        }

        if ((first & 0xC0) == 0x80)
        {
            return ((uint)(first & 0x3F) << 8) | ReadByte();
        }

        if ((first & 0xE0) != 0xC0)
        {
            throw new ImageDamage(_what + " holds an invalid compressed integer (first byte 0x" + first.ToString("X2") + ")");
        }

        return ((uint)(first & 0x1F) << 24) | ((uint)ReadByte() << 16) | ((uint)ReadByte() << 8) | ReadByte();
    }

    internal void Skip(int count)
    {
        Need(count);
        Offset += count;
    }

    private readonly void Need(int count)
    {
        if (count < 0 || Remaining < count)
        {
            throw new ImageDamage(_what + " ends early");
        }
    }
}
