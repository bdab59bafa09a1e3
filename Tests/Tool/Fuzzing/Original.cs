using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Tests.Tool.Fuzzing;

/// <summary>A file region, as file offsets.</summary>
internal readonly record struct Region(int Start, int Length);

/// <summary>
/// One real assembly the campaign mutates, with its PDB (beside it or embedded), the folder its references are found in,
/// and where its parts lie (read once from the sound file), so that a mutation can aim at one part.
/// </summary>
internal sealed class Original
{
    private Original(string name, byte[] image, byte[]? pdb, string references)
    {
        Name = name;
        Image = image;
        Pdb = pdb;
        References = references;
        using var pe = new PEReader(new MemoryStream(image));
        var headers = pe.PEHeaders;
        Parts[MutationKind.FlipPeHeaders] = new[] { new Region(0, headers.PEHeader!.SizeOfHeaders) };
        Parts[MutationKind.FlipCliHeader] = new[] { new Region(headers.CorHeaderStartOffset, 72) };
        headers.TryGetDirectoryOffset(headers.CorHeader!.MetadataDirectory, out var metadata);
        var streams = Streams(image, metadata);
        Parts[MutationKind.FlipMetadataRoot] = new[] { new Region(metadata, streams.Values.Min(s => s.Start) - metadata) };
        Parts[MutationKind.FlipTableStream] = new[] { streams.TryGetValue("#~", out var tables) ? tables : streams["#-"] };
        Parts[MutationKind.FlipStrings] = new[] { streams["#Strings"] };
        Parts[MutationKind.FlipBlobs] = new[] { streams["#Blob"] };
        Parts[MutationKind.FlipUserStrings] = streams.TryGetValue("#US", out var us) ? new[] { us } : Array.Empty<Region>();
        var reader = pe.GetMetadataReader();
        Parts[MutationKind.FlipMethodBody] = reader.MethodDefinitions.Select(reader.GetMethodDefinition).Where(m => m.RelativeVirtualAddress != 0)
            .Select(m => headers.TryGetDirectoryOffset(new DirectoryEntry(m.RelativeVirtualAddress, pe.GetMethodBody(m.RelativeVirtualAddress).Size), out var offset) ? new Region(offset, pe.GetMethodBody(m.RelativeVirtualAddress).Size) : default)
            .Where(r => r.Length > 0).ToArray();
        Parts[MutationKind.ZeroSection] = headers.SectionHeaders.Select(s => new Region(s.PointerToRawData, s.SizeOfRawData)).ToArray();
        TableRowCounts = new Region(tables.Start + 24, 4 * System.Numerics.BitOperations.PopCount(BitConverter.ToUInt64(image, tables.Start + 8)));
        var embedded = pe.ReadDebugDirectory().Where(e => e.Type == DebugDirectoryEntryType.EmbeddedPortablePdb).ToList();
        Parts[MutationKind.CorruptPdb] = embedded.Select(e => new Region(e.DataPointer, e.DataSize)).ToArray();
    }

    internal string Name { get; }

    internal byte[] Image { get; }

    /// <summary>The portable PDB beside the assembly, if it has one.</summary>
    internal byte[]? Pdb { get; }

    internal string References { get; }

    internal Dictionary<MutationKind, Region[]> Parts { get; } = new();

    /// <summary>The row counts of the table stream's header.</summary>
    internal Region TableRowCounts { get; }

    internal static Original Load(string path, string references)
    {
        var pdb = Path.ChangeExtension(path, ".pdb");
        return new Original(Path.GetFileName(path), File.ReadAllBytes(path), File.Exists(pdb) ? File.ReadAllBytes(pdb) : null, references);
    }

    private static Dictionary<string, Region> Streams(byte[] image, int metadata)
    {
        var versionLength = BitConverter.ToInt32(image, metadata + 12);
        var at = metadata + 16 + versionLength + 2;
        var count = BitConverter.ToUInt16(image, at);
        at += 2;
        var streams = new Dictionary<string, Region>();
        for (var i = 0; i < count; i++)
        {
            var offset = BitConverter.ToInt32(image, at);
            var size = BitConverter.ToInt32(image, at + 4);
            var end = Array.IndexOf(image, (byte)0, at + 8);
            var name = System.Text.Encoding.ASCII.GetString(image, at + 8, end - at - 8);
            streams[name] = new Region(metadata + offset, size);
            at = (end + 4) & ~3;
        }

        return streams;
    }
}
