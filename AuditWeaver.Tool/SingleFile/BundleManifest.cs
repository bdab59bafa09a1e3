using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace AuditWeaver.Tool.SingleFile;

/// <summary>
/// The manifest at the end of a single-file bundle, as the .NET host reads it (docs/design/features/single-file-bundler
/// in dotnet/runtime): a header (major and minor version, file count, bundle ID; from version 2 on also the offset and
/// size of the deps.json and the runtimeconfig.json, and flags), then one entry per bundled file (offset, size, the
/// compressed size from version 6 on, type, path). Numbers are little-endian; strings are UTF-8 with a 7-bit encoded
/// length prefix, as BinaryWriter writes them.
/// </summary>
internal sealed record BundleManifest(uint MajorVersion, uint MinorVersion, string BundleId, ulong Flags, IReadOnlyList<BundleEntry> Entries)
{
    /// <summary>The flag that makes the host extract every file at start, as .NET Core 3 did.</summary>
    internal const ulong NetCoreApp3CompatMode = 1;

    // The host refuses a path or bundle ID whose length prefix takes more than two bytes.
    private const int MaxStringBytes = (1 << 14) - 1;

    /// <summary>
    /// Reads the manifest at <paramref name="headerOffset"/>; every entry must lie between <paramref name="dataStart"/>
    /// and the header. Throws <see cref="BundleFormatException"/> saying what is wrong.
    /// </summary>
    internal static BundleManifest Read(Stream stream, long headerOffset, long dataStart)
    {
        if (headerOffset <= dataStart || headerOffset >= stream.Length)
        {
            throw new BundleFormatException("its bundle header offset (" + headerOffset + ") is outside the file (" + stream.Length + " bytes): the bundle is damaged.");
        }

        // Read from a copy, so that any failure to read is the manifest's damage and never the file system's.
        var copy = new MemoryStream();
        stream.Position = headerOffset;
        stream.CopyTo(copy);
        copy.Position = 0;
        using var reader = new BinaryReader(copy, Encoding.UTF8);
        try
        {
            var major = reader.ReadUInt32();
            var minor = reader.ReadUInt32();
            if (major == 1)
            {
                throw new BundleFormatException("it is a .NET Core 3 bundle (version 1." + minor + "), which this tool does not rebuild; publish the app for .NET 5 or later.");
            }

            if ((major != 2 && major != 6) || minor != 0)
            {
                throw new BundleFormatException("its bundle version is " + major + "." + minor + "; this tool knows 2.0 (.NET 5) and 6.0 (.NET 6 and later), so the bundle is damaged or newer than the tool.");
            }

            var count = reader.ReadInt32();
            if (count <= 0)
            {
                throw new BundleFormatException("its manifest lists " + count + " files: the bundle is damaged.");
            }

            var bundleId = ReadString(reader, "bundle ID");
            if (bundleId.IndexOfAny(new[] { '/', '\\', '\0' }) >= 0)
            {
                throw new BundleFormatException("its bundle ID '" + bundleId + "' is not a folder name, as the host needs it to be: the bundle is damaged.");
            }

            // Version 2 repeats where the deps.json and runtimeconfig.json are; the entries say the same, and the writer
            // derives the header's copy from them.
            ulong flags = 0;
            if (major >= 2)
            {
                for (var i = 0; i < 4; i++)
                {
                    reader.ReadInt64();
                }

                flags = reader.ReadUInt64();
            }

            var entries = new List<BundleEntry>();
            var paths = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                var entry = ReadEntry(reader, major);
                Check(entry, dataStart, headerOffset);
                if (!paths.Add(entry.RelativePath))
                {
                    throw new BundleFormatException("its manifest lists " + entry.RelativePath + " twice: the bundle is damaged.");
                }

                entries.Add(entry);
            }

            return new BundleManifest(major, minor, bundleId, flags, entries);
        }
        catch (Exception exception) when (exception is IOException or FormatException)
        {
            throw new BundleFormatException("its manifest cannot be read to its end (" + exception.Message.TrimEnd('.') + "): the bundle is cut short or damaged.");
        }
    }

    /// <summary>Writes the manifest at the stream's position; returns that position, the header offset.</summary>
    internal long Write(Stream stream)
    {
        var headerOffset = stream.Position;
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(MajorVersion);
        writer.Write(MinorVersion);
        writer.Write(Entries.Count);
        writer.Write(BundleId);
        if (MajorVersion >= 2)
        {
            foreach (var type in new[] { BundleFileType.DepsJson, BundleFileType.RuntimeConfigJson })
            {
                var entry = Entries.FirstOrDefault(e => e.Type == type);
                writer.Write(entry?.Offset ?? 0);
                writer.Write(entry?.Size ?? 0);
            }

            writer.Write(Flags);
        }

        foreach (var entry in Entries)
        {
            writer.Write(entry.Offset);
            writer.Write(entry.Size);
            if (MajorVersion >= 6)
            {
                writer.Write(entry.CompressedSize);
            }

            writer.Write((byte)entry.Type);
            writer.Write(entry.RelativePath);
        }

        return headerOffset;
    }

    private static BundleEntry ReadEntry(BinaryReader reader, uint major)
    {
        var offset = reader.ReadInt64();
        var size = reader.ReadInt64();
        var compressedSize = major >= 6 ? reader.ReadInt64() : 0;
        var type = reader.ReadByte();
        if (type > (byte)BundleFileType.Symbols)
        {
            throw new BundleFormatException("its manifest has a file of unknown type " + type + ": the bundle is damaged.");
        }

        return new BundleEntry(offset, size, compressedSize, (BundleFileType)type, ReadString(reader, "file path"));
    }

    // Entries are extracted below a folder of ours: a path that leaves it is damage (or an attack), never followed.
    private static void Check(BundleEntry entry, long dataStart, long headerOffset)
    {
        var path = entry.RelativePath;
        if (path.Length == 0 || path.StartsWith('/') || path.Contains('\\') || path.Contains('\0')
            || path.Split('/').Any(part => part.Length == 0 || part == "." || part == ".."))
        {
            throw new BundleFormatException("its manifest has a file path '" + path + "' that is not a plain relative path: the bundle is damaged.");
        }

        if (entry.Size < 0 || entry.CompressedSize < 0 || entry.Offset < dataStart || entry.Offset > headerOffset - entry.StoredSize)
        {
            throw new BundleFormatException(path + " lies outside the bundle's data (offset " + entry.Offset + ", " + entry.StoredSize + " bytes): the bundle is damaged.");
        }
    }

    private static string ReadString(BinaryReader reader, string what)
    {
        var text = reader.ReadString();
        if (text.Length == 0 || Encoding.UTF8.GetByteCount(text) > MaxStringBytes)
        {
            throw new BundleFormatException("its manifest has a " + what + " of " + Encoding.UTF8.GetByteCount(text) + " bytes: the bundle is damaged.");
        }

        return text;
    }
}
