using System.IO;
using System.IO.Compression;

namespace AuditWeaver.Tool.SingleFile;

/// <summary>Writes every file of a bundle, inflated, below a folder, at its bundle-relative path.</summary>
internal static class BundleExtractor
{
    internal static void Extract(SingleFileBundle bundle, string folder)
    {
        using var stream = File.OpenRead(bundle.Path);
        foreach (var entry in bundle.Manifest.Entries)
        {
            // The manifest reader refuses paths that would leave the folder.
            var target = Path.Combine(folder, entry.RelativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            using var output = File.Create(target);
            CopyContent(stream, entry, output);
        }
    }

    /// <summary>Copies the entry's content, inflated when it is compressed, to <paramref name="output"/>.</summary>
    internal static void CopyContent(Stream bundle, BundleEntry entry, Stream output)
    {
        var bytes = Stored(bundle, entry);
        if (!entry.IsCompressed)
        {
            output.Write(bytes);
            return;
        }

        var start = output.Position;
        try
        {
            using var inflate = new DeflateStream(new MemoryStream(bytes), CompressionMode.Decompress);
            inflate.CopyTo(output);
        }
        catch (InvalidDataException exception)
        {
            throw new BundleFormatException(entry.RelativePath + " does not inflate (" + exception.Message.TrimEnd('.') + "): the bundle is damaged.");
        }

        if (output.Position - start != entry.Size)
        {
            throw new BundleFormatException(entry.RelativePath + " inflates to " + (output.Position - start) + " bytes, not the " + entry.Size + " its manifest says: the bundle is damaged.");
        }
    }

    /// <summary>The entry's bytes as the bundle stores them (compressed or not).</summary>
    internal static byte[] Stored(Stream bundle, BundleEntry entry)
    {
        var bytes = new byte[entry.StoredSize];
        bundle.Position = entry.Offset;
        bundle.ReadExactly(bytes);
        return bytes;
    }
}
