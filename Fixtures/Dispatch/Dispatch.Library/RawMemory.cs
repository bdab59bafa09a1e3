using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Dispatch.Library;

/// <summary>Each member is unsafe in one way the scan reports (AW0006).</summary>
public static unsafe class RawMemory
{
    public static int Peek(byte[] data)
    {
        fixed (byte* start = data)
        {
            return *(int*)start;
        }
    }

    public static long Sum(int* values, int count)
    {
        long sum = 0;
        for (var i = 0; i < count; i++)
        {
            sum += values[i];
        }

        return sum;
    }

    public static int Reinterpret(float value) => Unsafe.As<float, int>(ref value);

    public static int Scratch(int length)
    {
        byte* buffer = stackalloc byte[length];
        buffer[0] = 7;
        return buffer[0];
    }

    public static int Native()
    {
        var memory = Marshal.AllocHGlobal(16);
        try
        {
            Marshal.WriteInt32(memory, 7);
            return Marshal.ReadInt32(memory);
        }
        finally
        {
            Marshal.FreeHGlobal(memory);
        }
    }
}

public unsafe struct Header
{
    public fixed byte Magic[4];
}

public sealed unsafe class Cursor
{
    private readonly byte* _position;

    public Cursor(IntPtr position)
    {
        _position = (byte*)position;
    }

    public byte Current => *_position;
}

/// <summary>stackalloc into spans: bounds-checked, not unsafe, and not reported.</summary>
public static class SafeSpans
{
    public static int Checksum(int length)
    {
        Span<byte> bytes = stackalloc byte[length];
        bytes.Fill(1);
        var sum = 0;
        foreach (var value in bytes)
        {
            sum += value;
        }

        return sum;
    }

    public static int Initialized()
    {
        ReadOnlySpan<int> values = stackalloc int[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
        return values[11];
    }

    public static int EitherStackOrHeap(int length)
    {
        Span<byte> bytes = length <= 64 ? stackalloc byte[length] : new byte[length];
        return bytes.Length;
    }
}
