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

    private int Owner(int row, int column) => (int)TableCheck.ListOwner(_layout, 0x02, column, (uint)row);
}
