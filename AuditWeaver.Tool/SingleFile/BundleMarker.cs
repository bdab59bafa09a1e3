using System;
using System.Buffers.Binary;
using System.IO;

namespace AuditWeaver.Tool.SingleFile;

/// <summary>
/// Where an apphost keeps its bundle header offset. Every apphost carries a 40-byte placeholder: 8 bytes of offset
/// (little-endian; zero in an apphost that is not a bundle) followed by a 32-byte signature, the SHA-256 of
/// ".net core bundle". The bundler writes the offset of the manifest there; the host reads it at start.
/// </summary>
internal static class BundleMarker
{
    /// <summary>The placeholder's length: the offset and the signature.</summary>
    internal const int Length = sizeof(long) + 32;

    private static readonly byte[] s_signature =
    {
        0x8b, 0x12, 0x02, 0xb9, 0x6a, 0x61, 0x20, 0x38, 0x72, 0x7b, 0x93, 0x02, 0x14, 0xd7, 0xa0, 0x32,
        0x13, 0xf5, 0xb9, 0xe6, 0xef, 0xae, 0x33, 0x18, 0xee, 0x3b, 0x2d, 0xce, 0x24, 0xb3, 0x6a, 0xae,
    };

    /// <summary>
    /// The position of the 8-byte header offset in <paramref name="stream"/> (from its start), and the offset stored
    /// there; false when the stream holds no apphost placeholder. The first signature is the host's: bundled files come
    /// after the host, and one of them may contain the same bytes.
    /// </summary>
    internal static bool TryFind(Stream stream, out long position, out long headerOffset)
    {
        position = -1;
        headerOffset = 0;
        const int Chunk = 1 << 20;
        const int Overlap = Length - 1;
        var buffer = new byte[Chunk + Overlap];
        var kept = 0;
        long bufferStart = 0;
        stream.Position = 0;
        while (true)
        {
            var read = stream.ReadAtLeast(buffer.AsSpan(kept, Chunk), Chunk, throwOnEndOfStream: false);
            var filled = kept + read;
            var found = buffer.AsSpan(0, filled).IndexOf(s_signature);
            if (found >= sizeof(long))
            {
                position = bufferStart + found - sizeof(long);
                headerOffset = BinaryPrimitives.ReadInt64LittleEndian(buffer.AsSpan(found - sizeof(long)));
                return true;
            }

            if (read < Chunk)
            {
                return false;
            }

            // The last bytes may hold the start of the placeholder: keep them for the next round.
            Array.Copy(buffer, filled - Overlap, buffer, 0, Overlap);
            bufferStart += filled - Overlap;
            kept = Overlap;
        }
    }

    /// <summary>Writes <paramref name="headerOffset"/> into the placeholder at <paramref name="position"/>.</summary>
    internal static void Write(Stream stream, long position, long headerOffset)
    {
        Span<byte> bytes = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, headerOffset);
        stream.Position = position;
        stream.Write(bytes);
    }
}
