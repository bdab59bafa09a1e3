using System.Collections.Generic;

namespace AuditWeaver.Fody.Validation;

/// <summary>
/// Reads every cell of every row: each string, GUID and blob index lands inside its heap (a string ends before the
/// heap does, a blob's length fits), each row index or coded index names an existing row of a table it may name, each
/// list runs forward. Then what Cecil would follow without end: nesting and inheritance that loop back.
/// </summary>
internal sealed class TableCheck
{
    private readonly MetadataLayout _layout;
    private readonly byte[] _image;

    private TableCheck(MetadataLayout layout)
    {
        _layout = layout;
        _image = layout.Image;
    }

    internal static void Run(MetadataLayout layout)
    {
        var check = new TableCheck(layout);
        if (!(layout.Strings.Size == 0 || layout.Image[layout.Strings.Start] == 0))
        {
            throw new ImageDamage("the #Strings heap is damaged (it does not start with an empty string)");
        }

        if (!(layout.Blobs.Size == 0 || layout.Image[layout.Blobs.Start] == 0))
        {
            throw new ImageDamage("the #Blob heap is damaged (it does not start with an empty blob)");
        }

        foreach (var table in MetadataSchema.Defined())
        {
            if (MetadataSchema.Allowed(table, layout.IsPdb))
            {
                check.Table(table);
            }
        }

        // What every module has: its own row, its own type first (never nested), at most one assembly.
        if (!layout.IsPdb)
        {
            if (layout.Rows[0x00] != 1)
            {
                throw new ImageDamage("the metadata table stream is damaged (Module has " + layout.Rows[0x00] + " rows, not 1)");
            }

            if (layout.Rows[0x02] < 1)
            {
                throw new ImageDamage("the metadata table stream is damaged (TypeDef has no row for the module's own type)");
            }

            if (layout.Rows[0x20] > 1)
            {
                throw new ImageDamage("the metadata table stream is damaged (Assembly has " + layout.Rows[0x20] + " rows)");
            }

            for (var row = 1; row <= layout.Rows[0x29]; row++)
            {
                if (Cell(layout, 0x29, row, 0) == 1)
                {
                    throw new ImageDamage("the metadata table stream is damaged (the module's own type is nested in another)");
                }
            }
        }

        // Chains Cecil follows recursively when it reads a row: one that comes back round would never end (or end the stack).
        if (layout.IsPdb)
        {
            check.Acyclic(0x35, -1, 0, 0, 0, "has as its parent");
        }
        else
        {
            check.Acyclic(0x29, 0, 1, 0, 0, "is nested in");
            check.Acyclic(0x02, -1, 3, 2, 0, "derives from");
            check.Acyclic(0x01, -1, 0, 2, 3, "is scoped to");
            check.Acyclic(0x27, -1, 4, 2, 2, "is nested in");
        }
    }

    /// <summary>The value of a cell (row numbers from 1).</summary>
    internal static uint Cell(MetadataLayout layout, int table, int row, int column)
    {
        var offset = layout.TableStarts[table] + ((row - 1) * layout.RowSizes[table]);
        for (var i = 0; i < column; i++)
        {
            offset += layout.ColumnSize(table, i);
        }

        var cursor = new ByteCursor(layout.Image, offset, offset + 4, "a table row");
        return cursor.ReadIndex(layout.ColumnSize(table, column));
    }

    /// <summary>The last row of <paramref name="table"/> whose list (in <paramref name="column"/>) starts at or before <paramref name="member"/>: its owner; 0 for none.</summary>
    internal static uint ListOwner(MetadataLayout layout, int table, int column, uint member)
    {
        int low = 1, high = layout.Rows[table];
        uint found = 0;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            if (TableCheck.Cell(layout, table, middle, column) <= member)
            {
                found = (uint)middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return found;
    }

    private void Table(int table)
    {
        var columns = MetadataSchema.Tables[table]!;
        var rows = _layout.Rows[table];
        var previous = new uint[columns.Length];
        var cursor = new ByteCursor(_image, _layout.TableStarts[table], _layout.TableStarts[table] + (rows * _layout.RowSizes[table]), "the metadata table stream");
        for (var row = 1; row <= rows; row++)
        {
            for (var column = 0; column < columns.Length; column++)
            {
                var value = cursor.ReadIndex(_layout.ColumnSize(table, column));
                var problem = Problem(columns[column], value, previous[column], row == 1);
                if (problem != null)
                {
                    throw new ImageDamage(Where(problem) + " (" + MetadataSchema.Name(table) + " row " + row + ", " + columns[column].Name + ": " + problem + ")");
                }

                previous[column] = value;
            }
        }
    }

    private static string Where(string problem) =>
        problem.StartsWith("string", System.StringComparison.Ordinal) ? "the #Strings heap is damaged"
        : problem.StartsWith("blob", System.StringComparison.Ordinal) ? "the #Blob heap is damaged"
        : problem.StartsWith("GUID", System.StringComparison.Ordinal) ? "the #GUID heap is damaged"
        : "the metadata table stream is damaged";

    private string? Problem(Column column, uint value, uint previous, bool first)
    {
        switch (column.Kind)
        {
            case ColumnKind.String:
                return StringEnd(_layout.Strings, value) < 0 ? "string offset 0x" + value.ToString("X") + " is outside the #Strings heap or has no end" : null;
            case ColumnKind.Name:
                var end = StringEnd(_layout.Strings, value);
                return end < 0 ? "string offset 0x" + value.ToString("X") + " is outside the #Strings heap or has no end"
                    : end - _layout.Strings.Start - value <= 1 ? "the name is empty" : null;
            case ColumnKind.Guid:
                return value > _layout.Guids.Size / 16 ? "GUID index " + value + " is beyond the " + (_layout.Guids.Size / 16) + " GUIDs of the #GUID heap" : null;
            case ColumnKind.Blob:
                return Blob(value, out _, out _) ? null : "blob offset 0x" + value.ToString("X") + " is outside the #Blob heap or its length runs past it";
            case ColumnKind.Row:
            case ColumnKind.OptionalRow:
                var rows = RowsOf(column.Target);
                return (value == 0 && column.Kind == ColumnKind.Row) || value > rows ? "row " + value + " of " + MetadataSchema.Name(column.Target) + ", which has " + rows : null;
            case ColumnKind.List:
                var count = RowsOf(column.Target);
                // Some compilers (F#) write 0 for a list into a table that has no rows at all.
                return (value == 0 && count > 0) || value > count + 1 ? "list starts at row " + value + " of " + MetadataSchema.Name(column.Target) + ", which has " + count
                    : !first && value < previous ? "list starts at row " + value + " of " + MetadataSchema.Name(column.Target) + ", before the previous row's " + previous
                    : null;
            case ColumnKind.Coded:
            case ColumnKind.OptionalCoded:
                return Coded(column, value);
            default:
                return null;
        }
    }

    private int RowsOf(int table)
    {
        var pointer = MetadataSchema.PointerTable(table);
        return pointer >= 0 && _layout.Rows[pointer] > 0 ? _layout.Rows[pointer] : _layout.Rows[table];
    }

    private string? Coded(Column column, uint value)
    {
        var bits = MetadataSchema.CodingBits[column.Target];
        var tables = MetadataSchema.Codings[column.Target];
        var tag = (int)(value & ((1u << bits) - 1));
        var row = value >> bits;
        if (row == 0 && column.Kind == ColumnKind.OptionalCoded)
        {
            return null;
        }

        if (tag >= tables.Length || tables[tag] < 0)
        {
            return "coded index 0x" + value.ToString("X") + " has tag " + tag + ", which " + MetadataSchema.CodingNames[column.Target] + " does not use";
        }

        return row == 0 || row > _layout.Rows[tables[tag]] ? "row " + row + " of " + MetadataSchema.Name(tables[tag]) + ", which has " + _layout.Rows[tables[tag]] : null;
    }

    /// <summary>The offset just past the string's terminator, or -1 when it starts outside the heap or never ends.</summary>
    internal int StringEnd(Heap heap, uint offset)
    {
        if (offset >= heap.Size)
        {
            return offset == 0 ? 0 : -1;
        }

        for (var i = heap.Start + (int)offset; i < heap.Start + heap.Size; i++)
        {
            if (_image[i] == 0)
            {
                return i + 1;
            }
        }

        return -1;
    }

    /// <summary>Whether the blob at <paramref name="offset"/> lies inside the heap; its bytes' range when it does.</summary>
    internal bool Blob(uint offset, out int start, out int end) => Blob(_layout, offset, out start, out end);

    internal static bool Blob(MetadataLayout layout, uint offset, out int start, out int end)
    {
        start = end = layout.Blobs.Start;
        if (offset == 0 && layout.Blobs.Size == 0)
        {
            return true;
        }

        if (offset >= layout.Blobs.Size)
        {
            return false;
        }

        var bytes = layout.Image;
        var at = layout.Blobs.Start + (int)offset;
        var heapEnd = layout.Blobs.Start + layout.Blobs.Size;
        int length, header;
        var first = bytes[at];
        if ((first & 0x80) == 0)
        {
            (length, header) = (first, 1);
        }
        else if ((first & 0xC0) == 0x80 && at + 1 < heapEnd)
        {
            (length, header) = (((first & 0x3F) << 8) | bytes[at + 1], 2);
        }
        else if ((first & 0xE0) == 0xC0 && at + 3 < heapEnd)
        {
            (length, header) = (((first & 0x1F) << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3], 4);
        }
        else
        {
            return false;
        }

        start = at + header;
        end = start + length;
        return (long)at + header + length <= heapEnd;
    }

    /// <summary>
    /// Refuses a loop in the links from a row (its own number, or the value in <paramref name="childColumn"/>) to the row
    /// in <paramref name="parentColumn"/>: a plain row number (no <paramref name="tagBits"/>), or a coded index whose tag
    /// is <paramref name="tag"/> (other tags lead out of the table).
    /// </summary>
    private void Acyclic(int table, int childColumn, int parentColumn, int tagBits, int tag, string relation)
    {
        var parent = new Dictionary<uint, uint>();
        for (var row = 1; row <= _layout.Rows[table]; row++)
        {
            var child = childColumn < 0 ? (uint)row : Cell(_layout, table, row, childColumn);
            var value = Cell(_layout, table, row, parentColumn);
            if ((value & ((1u << tagBits) - 1)) != tag || value >> tagBits == 0)
            {
                continue;
            }

            if (parent.ContainsKey(child))
            {
                throw new ImageDamage("the metadata table stream is damaged (" + MetadataSchema.Name(table) + " gives row " + child + " two parents)");
            }

            parent[child] = value >> tagBits;
        }

        var target = table == 0x29 ? "TypeDef" : MetadataSchema.Name(table);
        Acyclic(parent, target, relation);
    }

    private static void Acyclic(Dictionary<uint, uint> parent, string table, string relation)
    {
        var done = new HashSet<uint>();
        foreach (var start in parent.Keys)
        {
            var seen = new HashSet<uint>();
            for (var at = start; parent.TryGetValue(at, out var next) && !done.Contains(at); at = next)
            {
                if (!seen.Add(at))
                {
                    throw new ImageDamage("the metadata table stream is damaged (" + table + " row " + at + " " + relation + " itself, directly or through other rows)");
                }
            }

            done.UnionWith(seen);
        }
    }
}
