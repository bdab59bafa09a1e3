using System;
using System.Collections.Generic;
using System.Text;

namespace AuditWeaver.Fody.Validation;

/// <summary>Where one heap lies in the image (file offsets).</summary>
internal readonly struct Heap
{
    internal Heap(int start, int size)
    {
        Start = start;
        Size = size;
    }

    internal int Start { get; }

    internal int Size { get; }
}

/// <summary>
/// The metadata root, its stream headers and the table stream's header (II.24.2), read with every size checked against
/// the bytes that hold it: which heaps there are, how many rows each table has, how wide its rows and columns are.
/// Row counts are checked against the table stream's size before anything is read, so a damaged count cannot make a
/// later loop run long.
/// </summary>
internal sealed class MetadataLayout
{
    private readonly int[] _columnSizes;

    private MetadataLayout(byte[] image, bool pdb)
    {
        Image = image;
        IsPdb = pdb;
        _columnSizes = new int[MetadataSchema.TableCount * 10];
    }

    internal byte[] Image { get; }

    internal bool IsPdb { get; }

    internal Heap Strings { get; private set; }

    internal Heap UserStrings { get; private set; }

    internal Heap Blobs { get; private set; }

    internal Heap Guids { get; private set; }

    /// <summary>A portable PDB's #Pdb stream (empty in an assembly).</summary>
    internal Heap Pdb { get; private set; }

    /// <summary>The rows of each table (for a PDB, the type system's tables' counts are those of the assembly it describes).</summary>
    internal int[] Rows { get; } = new int[MetadataSchema.TableCount];

    internal int[] RowSizes { get; } = new int[MetadataSchema.TableCount];

    internal int[] TableStarts { get; } = new int[MetadataSchema.TableCount];

    internal int StringIndexSize { get; private set; }

    internal int GuidIndexSize { get; private set; }

    internal int BlobIndexSize { get; private set; }

    internal int ColumnSize(int table, int column) => _columnSizes[(table * 10) + column];

    /// <summary>Reads the layout of the metadata at <paramref name="start"/> (<paramref name="size"/> bytes) of <paramref name="image"/>.</summary>
    internal static MetadataLayout Read(byte[] image, int start, int size, bool pdb, string what)
    {
        var layout = new MetadataLayout(image, pdb);
        var streams = layout.ReadRoot(start, size, what);
        layout.ReadTables(streams, what);
        return layout;
    }

    private Dictionary<string, Heap> ReadRoot(int start, int size, string what)
    {
        var root = what + " metadata root";
        if (!(size >= 20 && (long)start + size <= Image.Length))
        {
            throw new ImageDamage("the" + root + " lies outside the file");
        }

        var cursor = new ByteCursor(Image, start, start + size, "the" + root);
        if (cursor.ReadUInt32() != 0x424A5342)
        {
            throw new ImageDamage("the" + root + " is damaged (its signature is not BSJB)");
        }

        cursor.Skip(8);
        var versionLength = cursor.ReadUInt32();
        if (!(versionLength <= 256 && versionLength % 4 == 0))
        {
            throw new ImageDamage("the" + root + " is damaged (its version string claims " + versionLength + " bytes)");
        }

        cursor.Skip((int)versionLength);
        cursor.Skip(2);
        var count = cursor.ReadUInt16();
        var streams = new Dictionary<string, Heap>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var offset = cursor.ReadUInt32();
            var length = cursor.ReadUInt32();
            var name = new StringBuilder();
            while (true)
            {
                var c = cursor.ReadByte();
                if (c == 0)
                {
                    break;
                }

                if (!(name.Length < 32 && c >= 0x20 && c < 0x7F))
                {
                    throw new ImageDamage("the" + root + " is damaged (stream header " + (i + 1) + " has no readable name)");
                }

                name.Append((char)c);
            }

            // Names are padded to four bytes, counting their terminator.
            cursor.Skip((4 - ((name.Length + 1) % 4)) % 4);
            var streamName = name.ToString();
            if ((long)offset + length > size)
            {
                throw new ImageDamage("the" + root + " is damaged (its stream " + streamName + " runs past the end of the metadata)");
            }

            if (streams.ContainsKey(streamName))
            {
                throw new ImageDamage("the" + root + " is damaged (it names the stream " + streamName + " twice)");
            }

            streams.Add(streamName, new Heap(start + (int)offset, (int)length));
        }

        Strings = Stream(streams, "#Strings");
        UserStrings = Stream(streams, "#US");
        Blobs = Stream(streams, "#Blob");
        Guids = Stream(streams, "#GUID");
        Pdb = Stream(streams, "#Pdb");
        if (IsPdb && Pdb.Size <= 0)
        {
            throw new ImageDamage("the" + root + " is damaged (it has no #Pdb stream)");
        }

        return streams;
    }

    private static Heap Stream(Dictionary<string, Heap> streams, string name) => streams.TryGetValue(name, out var heap) ? heap : default;

    private void ReadTables(Dictionary<string, Heap> streams, string what)
    {
        var damaged = "the" + what + " metadata table stream is damaged";
        if (!(streams.TryGetValue("#~", out var tables) || streams.TryGetValue("#-", out tables)))
        {
            throw new ImageDamage(damaged + " (there is none)");
        }

        var cursor = new ByteCursor(Image, tables.Start, tables.Start + tables.Size, damaged.Replace(" is damaged", string.Empty));
        cursor.Skip(6);
        var heapSizes = cursor.ReadByte();
        cursor.Skip(1);
        var valid = cursor.ReadUInt64();
        cursor.Skip(8);
        for (var table = 0; table < 64; table++)
        {
            if ((valid & (1UL << table)) == 0)
            {
                continue;
            }

            if (!(table < MetadataSchema.TableCount && MetadataSchema.Allowed(table, IsPdb)))
            {
                throw new ImageDamage(damaged + " (it has a table numbered 0x" + table.ToString("X2") + ", which " + (IsPdb ? "a PDB" : "an assembly") + " cannot have)");
            }

            var rows = cursor.ReadUInt32();
            if (rows > 0xFFFFFF)
            {
                throw new ImageDamage(damaged + " (" + MetadataSchema.Name(table) + " claims " + rows + " rows)");
            }

            Rows[table] = (int)rows;
        }

        if ((heapSizes & 0x40) != 0)
        {
            cursor.Skip(4);
        }

        if (IsPdb)
        {
            ReadReferencedRows(damaged);
        }

        StringIndexSize = (heapSizes & 1) != 0 ? 4 : 2;
        GuidIndexSize = (heapSizes & 2) != 0 ? 4 : 2;
        BlobIndexSize = (heapSizes & 4) != 0 ? 4 : 2;
        long offset = cursor.Offset;
        foreach (var table in MetadataSchema.Defined())
        {
            if (!MetadataSchema.Allowed(table, IsPdb))
            {
                continue;
            }

            var columns = MetadataSchema.Tables[table]!;
            var rowSize = 0;
            for (var column = 0; column < columns.Length; column++)
            {
                var columnSize = Size(columns[column]);
                _columnSizes[(table * 10) + column] = columnSize;
                rowSize += columnSize;
            }

            RowSizes[table] = rowSize;
            TableStarts[table] = (int)Math.Min(offset, int.MaxValue);
            offset += (long)rowSize * Rows[table];
            var end = offset;
            if (end > tables.Start + tables.Size)
            {
                throw new ImageDamage(damaged + " (its " + MetadataSchema.Name(table) + " table, of " + Rows[table] + " rows, runs past the end of the stream)");
            }
        }
    }

    // A portable PDB describes another image's type system: the row counts of the tables it refers to are in #Pdb.
    private void ReadReferencedRows(string damaged)
    {
        var cursor = new ByteCursor(Image, Pdb.Start, Pdb.Start + Pdb.Size, "the PDB's #Pdb stream");
        cursor.Skip(24);
        var referenced = cursor.ReadUInt64();
        for (var table = 0; table < 64; table++)
        {
            if ((referenced & (1UL << table)) == 0)
            {
                continue;
            }

            if (!(table < 0x30 && MetadataSchema.Tables[table] != null))
            {
                throw new ImageDamage(damaged + " (its #Pdb stream counts rows of table 0x" + table.ToString("X2") + ")");
            }

            var rows = cursor.ReadUInt32();
            if (rows > 0xFFFFFF)
            {
                throw new ImageDamage(damaged + " (its #Pdb stream claims " + rows + " rows of " + MetadataSchema.Name(table) + ")");
            }

            Rows[table] = (int)rows;
        }
    }

    private int Size(Column column)
    {
        switch (column.Kind)
        {
            case ColumnKind.Fixed2:
                return 2;
            case ColumnKind.Fixed4:
                return 4;
            case ColumnKind.String:
            case ColumnKind.Name:
                return StringIndexSize;
            case ColumnKind.Guid:
                return GuidIndexSize;
            case ColumnKind.Blob:
                return BlobIndexSize;
            case ColumnKind.Row:
            case ColumnKind.OptionalRow:
            case ColumnKind.List:
                var pointer = MetadataSchema.PointerTable(column.Target);
                return Math.Max(Rows[column.Target], pointer < 0 ? 0 : Rows[pointer]) < 0x10000 ? 2 : 4;
            default:
                var largest = 0;
                foreach (var table in MetadataSchema.Codings[column.Target])
                {
                    largest = table < 0 ? largest : Math.Max(largest, Rows[table]);
                }

                return largest < (1 << (16 - MetadataSchema.CodingBits[column.Target])) ? 2 : 4;
        }
    }
}
