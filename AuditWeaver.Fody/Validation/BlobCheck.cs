using System;

namespace AuditWeaver.Fody.Validation;

/// <summary>
/// Decodes the blobs the rows point to, each by what it is: the signatures of fields, methods, member references,
/// properties, stand-alone signatures, type and method specifications; constants' values; marshalling descriptors; the
/// prolog of custom attributes. Each damaged one is named by its owner.
/// </summary>
internal sealed class BlobCheck
{
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
        var rows = _layout.Rows;
        for (var row = 1; row <= rows[0x04]; row++)
        {
            Signature(() => "field " + _names.Field(row), () => Signatures.Field(Cell(0x04, row, 2)));
        }

        for (var row = 1; row <= rows[0x06]; row++)
        {
            Signature(() => "method " + _names.Method(row), () => Shapes[row] = Signatures.Method(Cell(0x06, row, 4), false));
        }

        for (var row = 1; row <= rows[0x0A]; row++)
        {
            var blob = Cell(0x0A, row, 2);
            Signature(() => "member reference " + _names.String(Cell(0x0A, row, 1)) + " (MemberRef row " + row + ")", () =>
            {
                FieldReferences[row] = Signatures.IsFieldSignature(blob);
                if (FieldReferences[row])
                {
                    Signatures.Field(blob);
                }
                else
                {
                    Signatures.Method(blob, true);
                }
            });
        }

        for (var row = 1; row <= rows[0x11]; row++)
        {
            var blob = Cell(0x11, row, 0);
            Signature(() => "stand-alone signature row " + row, () =>
            {
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
            });
        }

        for (var row = 1; row <= rows[0x1B]; row++)
        {
            Signature(() => "type specification row " + row, () => Signatures.TypeSpec(row));
        }

        for (var row = 1; row <= rows[0x2B]; row++)
        {
            Signature(() => "generic method instantiation row " + row, () => Signatures.MethodSpec(Cell(0x2B, row, 1)));
        }

        for (var row = 1; row <= rows[0x17]; row++)
        {
            Signature(() => "property " + _names.String(Cell(0x17, row, 1)), () => Signatures.Property(Cell(0x17, row, 2)));
        }

        Parameters();
        Constants();
        Marshalling();
        Attributes();
    }

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
                ImageDamage.Unless(sequence <= Shapes[row].Parameters, () => "the metadata table stream is damaged (Param row " + param + " is parameter " + sequence + " of " + _names.Method(row) + ", which has " + Shapes[row].Parameters + ")");
            }
        }
    }

    private uint Cell(int table, int row, int column) => TableCheck.Cell(_layout, table, row, column);

    private static void Signature(Func<string> owner, Action decode)
    {
        try
        {
            decode();
        }
        catch (SignatureDamage damage)
        {
            throw new ImageDamage("the signature of " + owner() + " is damaged (" + damage.Message + ")");
        }
        catch (ImageDamage damage)
        {
            throw new ImageDamage("the signature of " + owner() + " is damaged (" + damage.Message + ")");
        }
    }

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
            ImageDamage.Unless(size >= 0 && end - start >= size, () => "the constant of Constant row " + row + " is damaged (" + (size < 0 ? "element type 0x" + type.ToString("X2") + " is not a constant's" : "it has " + (end - start) + " bytes of the " + size + " its type needs") + ")");
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
            ImageDamage.Unless(end == start || (end - start >= 2 && _layout.Image[start] == 1 && _layout.Image[start + 1] == 0), () => "the value of custom attribute row " + row + " is damaged (it does not start with the prolog 0x0001)");
        }
    }
}
