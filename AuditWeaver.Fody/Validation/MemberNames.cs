using System.Text;

namespace AuditWeaver.Fody.Validation;

/// <summary>Names members from the raw tables (already checked), for messages that say which method or field is damaged.</summary>
internal sealed class MemberNames
{
    private readonly MetadataLayout _layout;

    internal MemberNames(MetadataLayout layout)
    {
        _layout = layout;
    }

    internal string Type(int row) =>
        row <= 0 || row > _layout.Rows[0x02] ? "TypeDef row " + row
        : Qualified(String(TableCheck.Cell(_layout, 0x02, row, 2)), String(TableCheck.Cell(_layout, 0x02, row, 1)));

    /// <summary><c>Namespace.Type::Method</c>: its type is the last whose method list starts at or before it.</summary>
    internal string Method(int row) => Type(Owner(row, 5)) + "::" + String(TableCheck.Cell(_layout, 0x06, row, 3));

    internal string Field(int row) => Type(Owner(row, 4)) + "::" + String(TableCheck.Cell(_layout, 0x04, row, 1));

    internal string String(uint offset)
    {
        var heap = _layout.Strings;
        if (offset >= heap.Size)
        {
            return string.Empty;
        }

        var end = heap.Start + (int)offset;
        while (end < heap.Start + heap.Size && _layout.Image[end] != 0)
        {
            end++;
        }

        return Encoding.UTF8.GetString(_layout.Image, heap.Start + (int)offset, end - heap.Start - (int)offset);
    }

    private static string Qualified(string ns, string name) => ns.Length == 0 ? name : ns + "." + name;

    // Binary search over TypeDef's FieldList (column 4) or MethodList (column 5), which the table check found ascending.
    private int Owner(int row, int column)
    {
        int low = 1, high = _layout.Rows[0x02], found = 0;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            if (TableCheck.Cell(_layout, 0x02, middle, column) <= row)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return found;
    }
}
