using System;

namespace AuditWeaver.Fody.Validation;

/// <summary>
/// Decodes the blobs the rows point to, each by what it is: the signatures of fields, methods, member references,
/// properties, stand-alone signatures, type and method specifications; constants' values; marshalling descriptors; the
/// prolog of custom attributes. Each damaged one is named by its owner.
/// </summary>
internal sealed class BlobCheck
{
    // Field, MethodDef, MemberRef, StandAloneSig, TypeSpec, MethodSpec, Property: the rows whose blob is a signature.
    private static readonly int[] SignatureTables = { 0x04, 0x06, 0x0A, 0x11, 0x1B, 0x2B, 0x17 };

    private readonly MetadataLayout _layout;
    private readonly MemberNames _names;

    internal BlobCheck(MetadataLayout layout, MemberNames names)
    {
        _layout = layout;
        _names = names;
        Signatures = new SignatureCheck(layout);
        Shapes = new MethodShape[layout.Rows[0x06] + 1];
        FieldReferences = new bool[layout.Rows[0x0A] + 1];
    }

    internal SignatureCheck Signatures { get; }

    /// <summary>Per MethodDef row, what its signature declares.</summary>
    internal MethodShape[] Shapes { get; }

    /// <summary>Per MemberRef row, whether it references a field.</summary>
    internal bool[] FieldReferences { get; }

    internal void Run()
    {
        foreach (var table in SignatureTables)
        {
            DecodeTable(table);
        }

        Parameters();
        Constants();
        Marshalling();
        Attributes();
    }

    // One try per table rather than a closure per row: this runs for every row of every assembly a scan reads, and the
    // owner's name is only needed for the one row that fails.
    private void DecodeTable(int table)
    {
        var row = 1;
        try
        {
            for (; row <= _layout.Rows[table]; row++)
            {
                Signature(table, row);
            }
        }
        catch (SignatureDamage damage)
        {
            throw new ImageDamage("the signature of " + Owner(table, row) + " is damaged (" + damage.Message + ")");
        }
        catch (ImageDamage damage)
        {
            throw new ImageDamage("the signature of " + Owner(table, row) + " is damaged (" + damage.Message + ")");
        }
    }

    private void Signature(int table, int row)
    {
        switch (table)
        {
            case 0x04:
                Signatures.Field(Cell(0x04, row, 2));
                break;
            case 0x06:
                Shapes[row] = Signatures.Method(Cell(0x06, row, 4), false);
                break;
            case 0x0A:
                var reference = Cell(0x0A, row, 2);
                FieldReferences[row] = Signatures.IsFieldSignature(reference);
                if (FieldReferences[row])
                {
                    Signatures.Field(reference);
                }
                else
                {
                    Signatures.Method(reference, true);
                }

                break;
            case 0x11:
                var blob = Cell(0x11, row, 0);
                TableCheck.Blob(_layout, blob, out var start, out var end);
                if (end > start && _layout.Image[start] == 0x07)
                {
                    Signatures.Locals(blob);
                }
                else if (end > start && _layout.Image[start] == 0x06)
                {
                    Signatures.Field(blob);
                }
                else
                {
                    Signatures.Method(blob, true);
                }

                break;
            case 0x1B:
                Signatures.TypeSpec(row);
                break;
            case 0x2B:
                Signatures.MethodSpec(Cell(0x2B, row, 1));
                break;
            case 0x17:
                Signatures.Property(Cell(0x17, row, 2));
                break;
        }
    }

    private string Owner(int table, int row) => table switch
    {
        0x04 => "field " + _names.Field(row),
        0x06 => "method " + _names.Method(row),
        0x0A => "member reference " + _names.String(Cell(0x0A, row, 1)) + " (MemberRef row " + row + ")",
        0x11 => "stand-alone signature row " + row,
        0x1B => "type specification row " + row,
        0x2B => "generic method instantiation row " + row,
        _ => "property " + _names.String(Cell(0x17, row, 1)),
    };

    // Cecil attaches each Param row to the parameter its sequence number names (0: the return value): it must exist.
    private void Parameters()
    {
        var methods = _layout.Rows[0x06];
        var parameters = _layout.Rows[0x08];
        for (var row = 1; row <= methods; row++)
        {
            var first = Cell(0x06, row, 5);
            var end = row < methods ? Cell(0x06, row + 1, 5) : (uint)parameters + 1;
            for (var param = first; param < end && param <= parameters; param++)
            {
                var sequence = Cell(0x08, (int)param, 1);
                if (sequence > Shapes[row].Parameters)
                {
                    throw new ImageDamage("the metadata table stream is damaged (Param row " + param + " is parameter " + sequence + " of " + _names.Method(row) + ", which has " + Shapes[row].Parameters + ")");
                }
            }
        }
    }

    private uint Cell(int table, int row, int column) => TableCheck.Cell(_layout, table, row, column);

    // Cecil reads a constant's value by its type when it writes the module: the blob must hold that many bytes.
    private void Constants()
    {
        for (var row = 1; row <= _layout.Rows[0x0B]; row++)
        {
            var type = Cell(0x0B, row, 0) & 0xFF;
            TableCheck.Blob(_layout, Cell(0x0B, row, 2), out var start, out var end);
            int size = type switch
            {
                0x02 or 0x04 or 0x05 => 1,
                0x03 or 0x06 or 0x07 => 2,
                0x08 or 0x09 or 0x0C or 0x12 => 4,
                0x0A or 0x0B or 0x0D => 8,
                0x0E => 0,
                _ => -1,
            };
            if (!(size >= 0 && end - start >= size))
            {
                throw new ImageDamage("the constant of Constant row " + row + " is damaged (" + (size < 0 ? "element type 0x" + type.ToString("X2") + " is not a constant's" : "it has " + (end - start) + " bytes of the " + size + " its type needs") + ")");
            }
        }
    }

    // Marshalling descriptors (II.23.4): Cecil decodes them when it writes the module.
    private void Marshalling()
    {
        for (var row = 1; row <= _layout.Rows[0x0D]; row++)
        {
            TableCheck.Blob(_layout, Cell(0x0D, row, 1), out var start, out var end);
            var cursor = new ByteCursor(_layout.Image, start, end, "it");
            try
            {
                Marshal(ref cursor);
            }
            catch (ImageDamage damage)
            {
                throw new ImageDamage("the marshalling descriptor of FieldMarshal row " + row + " is damaged (" + damage.Message + ")");
            }
        }
    }

    private static void Marshal(ref ByteCursor cursor)
    {
        var native = cursor.ReadByte();
        switch (native)
        {
            case 0x2A:
                if (cursor.Remaining > 0)
                {
                    cursor.ReadByte();
                }

                for (var i = 0; i < 2 && cursor.Remaining > 0; i++)
                {
                    cursor.ReadCompressed();
                }

                break;
            case 0x1E or 0x17:
                cursor.ReadCompressed();
                if (native == 0x1E && cursor.Remaining > 0)
                {
                    cursor.ReadByte();
                }

                break;
            case 0x1D:
                if (cursor.Remaining > 0)
                {
                    cursor.ReadCompressed();
                }

                if (cursor.Remaining > 0)
                {
                    cursor.Skip((int)cursor.ReadCompressed());
                }

                break;
            case 0x2C:
                for (var i = 0; i < 4; i++)
                {
                    cursor.Skip((int)Math.Min(cursor.ReadCompressed(), int.MaxValue));
                }

                break;
        }
    }

    // A custom attribute's value starts with the prolog 0x0001 (II.23.3); Cecil copies the rest as it is unless asked.
    private void Attributes()
    {
        for (var row = 1; row <= _layout.Rows[0x0C]; row++)
        {
            TableCheck.Blob(_layout, Cell(0x0C, row, 2), out var start, out var end);
            if (!(end == start || (end - start >= 2 && _layout.Image[start] == 1 && _layout.Image[start + 1] == 0)))
            {
                throw new ImageDamage("the value of custom attribute row " + row + " is damaged (it does not start with the prolog 0x0001)");
            }
        }
    }
}
