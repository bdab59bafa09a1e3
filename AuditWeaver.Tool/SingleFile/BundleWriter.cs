using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;
using System.Text;

namespace AuditWeaver.Tool.SingleFile;

/// <summary>
/// Rebuilds a bundle from its woven files: the original host, then each file in the original order (the ones the weave
/// left alone copied as they were stored, compressed or not; changed and added ones written as the SDK's bundler writes
/// them), then a manifest with a bundle ID of its own, and the host's placeholder pointed at it.
/// </summary>
internal static class BundleWriter
{
    // The SDK's bundler keeps a compressed copy only when it saves at least a quarter of the size.
    private const double WorthCompressing = 0.75;

    /// <summary>
    /// Writes the new bundle to <paramref name="destination"/>: the files of <paramref name="original"/> as
    /// <paramref name="woven"/> holds them (<paramref name="extracted"/> holds them as the bundle did), and the files
    /// <paramref name="woven"/> has besides (the runtime). Returns the new manifest.
    /// </summary>
    internal static BundleManifest Write(SingleFileBundle original, string extracted, string woven, string destination)
    {
        using var source = File.OpenRead(original.Path);
        using var output = File.Create(destination);
        source.Position = 0;
        CopyBytes(source, output, original.HostLength);

        // The ID names the folder the host extracts files into: one of its own, so that the host never runs a file it
        // extracted from the original. Derived from the contents, so that the same input gives the same bundle.
        using var id = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        id.AppendData(Encoding.UTF8.GetBytes("AuditWeaver " + original.Manifest.BundleId));
        var entries = new List<BundleEntry>();
        foreach (var entry in original.Manifest.Entries)
        {
            var content = File.ReadAllBytes(Path.Combine(woven, entry.RelativePath));
            id.AppendData(Encoding.UTF8.GetBytes(entry.RelativePath));
            id.AppendData(SHA256.HashData(content));
            entries.Add(content.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(extracted, entry.RelativePath)))
                ? CopyStored(source, entry, output, original.AssemblyAlignment)
                : Add(output, content, entry.Type, entry.RelativePath, original));
        }

        var bundled = original.Manifest.Entries.Select(e => e.RelativePath).ToHashSet(StringComparer.Ordinal);
        var added = Directory.EnumerateFiles(woven, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(woven, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(p => !bundled.Contains(p))
            .OrderBy(p => p, StringComparer.Ordinal);
        foreach (var path in added)
        {
            var full = Path.Combine(woven, path);
            var content = File.ReadAllBytes(full);
            id.AppendData(Encoding.UTF8.GetBytes(path));
            id.AppendData(SHA256.HashData(content));
            entries.Add(Add(output, content, TypeOf(full), path, original));
        }

        var manifest = original.Manifest with { BundleId = BundleId(id.GetHashAndReset()), Entries = entries };
        var headerOffset = manifest.Write(output);
        BundleMarker.Write(output, original.MarkerPosition, headerOffset);
        return manifest;
    }

    private static BundleEntry CopyStored(Stream source, BundleEntry entry, Stream output, int alignment)
    {
        var stored = BundleExtractor.Stored(source, entry);
        if (entry.Type == BundleFileType.Assembly && !entry.IsCompressed)
        {
            Align(output, alignment);
        }

        var offset = output.Position;
        output.Write(stored);
        return entry with { Offset = offset };
    }

    private static BundleEntry Add(Stream output, byte[] content, BundleFileType type, string path, SingleFileBundle bundle)
    {
        // As the SDK's bundler: with compression on, everything but the two files the host reads itself is compressed.
        if (bundle.IsCompressed && type != BundleFileType.DepsJson && type != BundleFileType.RuntimeConfigJson)
        {
            var compressed = new MemoryStream();
            using (var deflate = new DeflateStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                deflate.Write(content);
            }

            if (compressed.Length < content.Length * WorthCompressing)
            {
                var at = output.Position;
                compressed.Position = 0;
                compressed.CopyTo(output);
                return new BundleEntry(at, content.Length, compressed.Length, type, path);
            }
        }

        if (type == BundleFileType.Assembly)
        {
            Align(output, bundle.AssemblyAlignment);
        }

        var offset = output.Position;
        output.Write(content);
        return new BundleEntry(offset, content.Length, 0, type, path);
    }

    // Padding is zeros, as the SDK's bundler leaves it.
    private static void Align(Stream output, int alignment)
    {
        var misalignment = output.Position % alignment;
        if (misalignment != 0)
        {
            output.Write(new byte[alignment - misalignment]);
        }
    }

    private static BundleFileType TypeOf(string path)
    {
        if (path.EndsWith(".pdb", StringComparison.OrdinalIgnoreCase))
        {
            return BundleFileType.Symbols;
        }

        try
        {
            using var reader = new PEReader(File.OpenRead(path));
            return reader.PEHeaders.CorHeader != null ? BundleFileType.Assembly : BundleFileType.Unknown;
        }
        catch (BadImageFormatException)
        {
            return BundleFileType.Unknown;
        }
    }

    // Path-safe, as the host needs: base64 without '/' and '+'.
    private static string BundleId(byte[] hash) =>
        Convert.ToBase64String(hash)[..32].Replace('/', '_').Replace('+', '-');

    private static void CopyBytes(Stream source, Stream output, long count)
    {
        var buffer = new byte[1 << 20];
        while (count > 0)
        {
            var read = source.Read(buffer, 0, (int)Math.Min(buffer.Length, count));
            if (read == 0)
            {
                throw new EndOfStreamException();
            }

            output.Write(buffer, 0, read);
            count -= read;
        }
    }
}
