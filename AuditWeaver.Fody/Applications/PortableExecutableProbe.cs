using System.IO;

namespace AuditWeaver.Fody.Applications;

/// <summary>
/// Tells a .NET assembly from native code by its PE headers alone: Cecil throws the same exception for a native library
/// as for damaged metadata, and the two mean different things (pass over, or fail).
/// </summary>
internal static class PortableExecutableProbe
{
    private const int CliHeaderDirectory = 14;

    /// <summary>
    /// True when the file is a PE file whose CLI header directory is set. A file that is not PE at all (or is cut short in
    /// its headers) is left to the metadata reader, which says why it cannot be read.
    /// </summary>
    internal static bool HasCliHeader(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        if (stream.Length < 0x40 || reader.ReadUInt16() != 0x5A4D)
        {
            return true;
        }

        stream.Position = 0x3C;
        long header = reader.ReadUInt32();

        // "PE\0\0", the 20-byte file header, then the optional header: its magic says where the data directories are.
        if (header + 24 + 112 > stream.Length)
        {
            return true;
        }

        stream.Position = header;
        if (reader.ReadUInt32() != 0x00004550)
        {
            return true;
        }

        stream.Position = header + 24;
        var magic = reader.ReadUInt16();
        var directories = header + 24 + (magic == 0x20B ? 112 : 96);

        // NumberOfRvaAndSizes, just before the directories: a native image may stop short of the CLI header's.
        stream.Position = directories - 4;
        if (reader.ReadUInt32() <= CliHeaderDirectory)
        {
            return false;
        }

        var cli = directories + (CliHeaderDirectory * 8);
        if (cli + 8 > stream.Length)
        {
            return true;
        }

        stream.Position = cli;
        var address = reader.ReadUInt32();
        var size = reader.ReadUInt32();
        return address != 0 && size != 0;
    }
}
