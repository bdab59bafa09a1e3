using System;
using System.Linq;

namespace Tests.Tool.Fuzzing;

/// <summary>
/// One mutant: an original, a kind of mutation and a seed, which together always make the same bytes (the seed printed
/// on a failure is enough to make it again: <c>new Mutant(original, kind, seed)</c>).
/// </summary>
internal sealed class Mutant
{
    internal Mutant(Original original, MutationKind kind, int seed)
    {
        Original = original;
        Kind = kind;
        Seed = seed;
        var random = new Random(seed);
        Image = (byte[])original.Image.Clone();
        Pdb = (byte[]?)original.Pdb?.Clone();
        Description = Mutate(random);
    }

    internal Original Original { get; }

    internal MutationKind Kind { get; }

    internal int Seed { get; }

    internal byte[] Image { get; private set; }

    internal byte[]? Pdb { get; }

    /// <summary>What was done, in short: for the failure message.</summary>
    internal string Description { get; }

    public override string ToString() => Original.Name + " " + Kind + " seed " + Seed + " (" + Description + ")";

    private string Mutate(Random random)
    {
        switch (Kind)
        {
            case MutationKind.FlipAnywhere:
                return Flip(random, new Region(0, Image.Length));
            case MutationKind.Truncate:
                var length = random.Next(Image.Length);
                Image = Image.AsSpan(0, length).ToArray();
                return "cut to " + length + " bytes";
            case MutationKind.DuplicateChunk:
                var size = random.Next(16, Math.Min(4096, Image.Length / 2));
                var from = random.Next(Image.Length - size);
                var to = random.Next(Image.Length - size);
                Array.Copy(Image, from, Image, to, size);
                return size + " bytes from " + from + " copied over " + to;
            case MutationKind.ZeroSection:
                var section = Pick(random, Original.Parts[Kind]);
                var start = section.Start + random.Next(section.Length / 2);
                var zeroed = random.Next(2) == 0 ? section.Length - (start - section.Start) : random.Next(256, Math.Max(257, section.Length / 2));
                zeroed = Math.Min(zeroed, Image.Length - start);
                Array.Clear(Image, start, zeroed);
                return zeroed + " bytes zeroed from " + start;
            case MutationKind.HugeRowCount:
                var counts = Original.TableRowCounts;
                var at = counts.Start + (4 * random.Next(counts.Length / 4));
                var value = new[] { 0x10000u, 0xFFFFFFu, 0x1000000u, 0x7FFFFFFFu, 0xFFFFFFFFu, BitConverter.ToUInt32(Image, at) * 1000u, BitConverter.ToUInt32(Image, at) + 1 }[random.Next(7)];
                BitConverter.TryWriteBytes(Image.AsSpan(at), value);
                return "row count at " + at + " set to " + value;
            case MutationKind.CorruptPdb:
                if (Pdb != null)
                {
                    return "PDB: " + Flip(random, new Region(0, Pdb.Length), Pdb);
                }

                var embedded = Original.Parts[Kind];
                if (embedded.Length == 0)
                {
                    return Flip(random, new Region(0, Image.Length));
                }

                var entry = embedded[0];
                return random.Next(3) == 0
                    ? "embedded PDB size: " + Flip(random, new Region(entry.Start + 4, 4))
                    : "embedded PDB: " + Flip(random, new Region(entry.Start + 8, entry.Length - 8));
            default:
                var parts = Original.Parts[Kind];
                return parts.Length == 0 ? Flip(random, new Region(0, Image.Length)) : Flip(random, Pick(random, parts));
        }
    }

    private static Region Pick(Random random, Region[] regions) => regions[random.Next(regions.Length)];

    // One to four bytes of the region: set to a random value, or one bit of them turned over.
    private string Flip(Random random, Region region, byte[]? target = null)
    {
        var bytes = target ?? Image;
        var count = random.Next(1, 5);
        var offsets = Enumerable.Range(0, count).Select(_ => region.Start + random.Next(Math.Max(1, region.Length))).Where(o => o < bytes.Length).ToList();
        foreach (var offset in offsets)
        {
            bytes[offset] = random.Next(2) == 0 ? (byte)random.Next(256) : (byte)(bytes[offset] ^ (1 << random.Next(8)));
        }

        return "bytes " + string.Join(",", offsets) + " changed";
    }
}
