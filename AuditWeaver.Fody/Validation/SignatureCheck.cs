namespace AuditWeaver.Fody.Validation;

/// <summary>What a method signature declares, for checking the IL that uses it.</summary>
internal readonly struct MethodShape
{
    internal MethodShape(bool hasThis, int parameters)
    {
        HasThis = hasThis;
        Parameters = parameters;
    }

    internal bool HasThis { get; }

    internal int Parameters { get; }
}

/// <summary>
/// Decodes signature blobs by the grammar of II.23.2: every element type one Cecil knows, every type token naming an
/// existing TypeDef, TypeRef or TypeSpec (a TypeSpec is decoded where it is used, so one that contains itself is found),
/// every count bounded by the bytes left, nesting bounded. Cecil decodes the same blobs lazily, mid-weave; whatever this
/// accepts, it can.
/// </summary>
internal sealed class SignatureCheck
{
    private const int MaxDepth = 100;
    private readonly MetadataLayout _layout;
    private readonly byte[] _typeSpecs;
    private int _depth;

    internal SignatureCheck(MetadataLayout layout)
    {
        _layout = layout;
        _typeSpecs = new byte[layout.Rows[0x1B] + 1];
    }

    internal void Field(uint blob)
    {
        _depth = 0;
        var cursor = Open(blob);
        Expect(cursor.ReadByte() == 0x06, "it is not a field signature");
        Type(ref cursor, false);
    }

    /// <summary>A method's signature (definition, reference or stand-alone); <paramref name="varargs"/>: a call site may add a sentinel.</summary>
    internal MethodShape Method(uint blob, bool varargs)
    {
        _depth = 0;
        var cursor = Open(blob);
        return Method(ref cursor, varargs);
    }

    internal void Property(uint blob)
    {
        _depth = 0;
        var cursor = Open(blob);
        Expect((cursor.ReadByte() & 0xDF) == 0x08, "it is not a property signature");
        var count = Count(ref cursor);
        Type(ref cursor, false);
        for (var i = 0; i < count; i++)
        {
            Type(ref cursor, false);
        }
    }

    /// <summary>The number of locals.</summary>
    internal int Locals(uint blob)
    {
        _depth = 0;
        var cursor = Open(blob);
        Expect(cursor.ReadByte() == 0x07, "it is not a local variable signature");
        var count = Count(ref cursor);
        for (var i = 0; i < count; i++)
        {
            Type(ref cursor, false);
        }

        return count;
    }

    internal void TypeSpec(int row)
    {
        _depth = 0;
        Spec(row);
    }

    private void Spec(int row)
    {
        if (_typeSpecs[row] == 2)
        {
            return;
        }

        if (_typeSpecs[row] != 0)
        {
            throw Damage("TypeSpec row " + row + " contains itself");
        }

        _typeSpecs[row] = 1;
        var cursor = Open(TableCheck.Cell(_layout, 0x1B, row, 0));
        Type(ref cursor, false);
        _typeSpecs[row] = 2;
    }

    internal void MethodSpec(uint blob)
    {
        _depth = 0;
        var cursor = Open(blob);
        Expect(cursor.ReadByte() == 0x0A, "it is not a generic method instantiation");
        var count = Count(ref cursor);
        Expect(count > 0, "it instantiates no type arguments");
        for (var i = 0; i < count; i++)
        {
            Type(ref cursor, false);
        }
    }

    /// <summary>Whether a member reference's signature is a field's (the IL must load it as a field, not call it).</summary>
    internal bool IsFieldSignature(uint blob)
    {
        var cursor = Open(blob);
        return cursor.Remaining > 0 && cursor.ReadByte() == 0x06;
    }

    private MethodShape Method(ref ByteCursor cursor, bool varargs)
    {
        var convention = cursor.ReadByte();
        // 0-5: default, C, stdcall, thiscall, fastcall, varargs; 9: unmanaged (function pointers that name their convention elsewhere).
        if (((convention & 0x0F) > 5 && (convention & 0x0F) != 9) || (convention & 0x80) != 0)
        {
            throw Damage("calling convention 0x" + convention.ToString("X2") + " is not one");
        }

        if ((convention & 0x10) != 0)
        {
            var arity = cursor.ReadCompressed();
            if (!(arity > 0 && arity <= 0xFFFF))
            {
                throw Damage("it declares " + arity + " generic parameters");
            }
        }

        var count = Count(ref cursor);
        Type(ref cursor, true);
        var sentinel = false;
        for (var i = 0; i < count; i++)
        {
            if (cursor.Remaining > 0 && PeekByte(cursor) == 0x41)
            {
                Expect(varargs && (convention & 0x0F) == 5 && !sentinel, "a sentinel where there can be none");
                sentinel = true;
                cursor.ReadByte();
            }

            Type(ref cursor, false);
        }

        return new MethodShape((convention & 0x20) != 0, count);
    }

    private void Type(ref ByteCursor cursor, bool mayBeVoid)
    {
        if (++_depth > MaxDepth)
        {
            throw Damage("its types nest deeper than " + MaxDepth + " levels");
        }

        var element = cursor.ReadByte();
        switch (element)
        {
            case 0x01:
                Expect(mayBeVoid, "void where a value's type must be");
                break;
            case >= 0x02 and <= 0x0E:
            case 0x16 or 0x18 or 0x19 or 0x1C:
                break;
            case 0x0F:
                Type(ref cursor, true);
                break;
            case 0x10 or 0x45 or 0x41:
                Type(ref cursor, mayBeVoid && element != 0x10);
                break;
            case 0x11 or 0x12:
                TypeToken(ref cursor);
                break;
            case 0x13 or 0x1E:
                cursor.ReadCompressed();
                break;
            case 0x14:
                Type(ref cursor, false);
                var rank = cursor.ReadCompressed();
                if (!(rank > 0 && rank <= 32))
                {
                    throw Damage("an array of rank " + rank);
                }

                Bounded(ref cursor, rank);
                Bounded(ref cursor, rank);
                break;
            case 0x15:
                var kind = cursor.ReadByte();
                if (!(kind is 0x11 or 0x12))
                {
                    throw Damage("a generic instantiation of element type 0x" + kind.ToString("X2"));
                }

                TypeToken(ref cursor);
                var count = Count(ref cursor);
                Expect(count > 0, "a generic instantiation without type arguments");
                for (var i = 0; i < count; i++)
                {
                    Type(ref cursor, false);
                }

                break;
            case 0x1B:
                Method(ref cursor, true);
                break;
            case 0x1D:
                Type(ref cursor, false);
                break;
            case 0x1F or 0x20:
                TypeToken(ref cursor);
                Type(ref cursor, mayBeVoid);
                break;
            default:
                throw Damage("unknown element type 0x" + element.ToString("X2"));
        }

        _depth--;
    }

    // An array's sizes or lower bounds: a count up to its rank, then the values.
    private static void Bounded(ref ByteCursor cursor, uint rank)
    {
        var count = cursor.ReadCompressed();
        if (count > rank)
        {
            throw Damage("an array of rank " + rank + " with " + count + " bounds");
        }

        for (var i = 0; i < count; i++)
        {
            cursor.ReadCompressed();
        }
    }

    private void TypeToken(ref ByteCursor cursor)
    {
        var coded = cursor.ReadCompressed();
        var tag = coded & 3;
        var row = coded >> 2;
        var table = tag == 0 ? 0x02 : tag == 1 ? 0x01 : 0x1B;
        if (tag == 3 || row == 0 || row > _layout.Rows[table])
        {
            throw Damage(tag == 3 ? "a type token with tag 3" : "it names row " + row + " of " + MetadataSchema.Name(table) + ", which has " + _layout.Rows[table]);
        }

        if (table == 0x1B)
        {
            Spec((int)row);
        }
    }

    // A count of items that take at least a byte each: more than the bytes left is damage, found before any loop runs.
    private static int Count(ref ByteCursor cursor)
    {
        var count = cursor.ReadCompressed();
        if (count > cursor.Remaining)
        {
            throw Damage("it counts " + count + " items in " + cursor.Remaining + " bytes");
        }

        return (int)count;
    }

    private static byte PeekByte(ByteCursor cursor) => cursor.ReadByte();

    private ByteCursor Open(uint blob)
    {
        TableCheck.Blob(_layout, blob, out var start, out var end);
        return new ByteCursor(_layout.Image, start, end, "it");
    }

    // For a fixed message. A message built from values is built inside an if, on damage only: a sound image, the usual
    // case, then costs no string.
    private static void Expect(bool sound, string problem)
    {
        if (!sound)
        {
            throw Damage(problem);
        }
    }

    private static SignatureDamage Damage(string problem) => new(problem);
}

/// <summary>Thrown by <see cref="SignatureCheck"/>; the caller names the signature's owner and turns it into <see cref="ImageDamage"/>.</summary>
internal sealed class SignatureDamage : System.Exception
{
    internal SignatureDamage(string problem)
        : base(problem)
    {
    }
}
