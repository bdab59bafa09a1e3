using System.Collections.Generic;
using System.Reflection.Emit;

namespace AuditWeaver.Fody.Validation;

/// <summary>
/// Decodes every method body as Cecil will: the header, every instruction and operand (tokens naming rows that exist
/// and of a kind the opcode takes, branch targets on instruction starts, argument and local numbers within the
/// method's), and the exception clauses (on instruction starts, inside the code). Records each body's instruction starts
/// for the PDB check, whose offsets must land on them too.
/// </summary>
internal sealed class MethodBodyCheck
{
    private readonly MetadataLayout _layout;
    private readonly SectionMap _sections;
    private readonly SignatureCheck _signatures;
    private readonly MethodShape[] _shapes;
    private readonly bool[] _fieldReferences;
    private readonly MemberNames _names;
    private readonly bool _keepStarts;

    // One list of branch targets and, when no PDB will be checked against them, one array of instruction starts serve
    // every body in turn: the validator reads every body of every assembly a scan reads.
    private readonly List<long> _targets = new();
    private bool[] _starts = System.Array.Empty<bool>();

    /// <summary><paramref name="keepStarts"/>: each body's instruction starts are kept in <see cref="Starts"/> for a PDB check.</summary>
    internal MethodBodyCheck(MetadataLayout layout, SectionMap sections, SignatureCheck signatures, MethodShape[] shapes, bool[] fieldReferences, bool keepStarts)
    {
        _layout = layout;
        _sections = sections;
        _signatures = signatures;
        _shapes = shapes;
        _fieldReferences = fieldReferences;
        _names = new MemberNames(layout);
        _keepStarts = keepStarts;
    }

    /// <summary>
    /// Per method row, its instruction starts (index = offset; the code's size is the last index), or null without a
    /// body; empty unless they were asked to be kept.
    /// </summary>
    internal Dictionary<int, bool[]> Starts { get; } = new();

    internal void Run()
    {
        for (var row = 1; row <= _layout.Rows[0x06]; row++)
        {
            var rva = TableCheck.Cell(_layout, 0x06, row, 0);
            var implementation = TableCheck.Cell(_layout, 0x06, row, 1);

            // Native or runtime-provided code has no IL (Cecil reads a body only for IL).
            if (rva == 0 || (implementation & 3) != 0)
            {
                continue;
            }

            try
            {
                var starts = Body(row, rva);
                if (_keepStarts)
                {
                    Starts[row] = starts;
                }
            }
            catch (BodyDamage damage)
            {
                throw new ImageDamage("the method body of " + _names.Method(row) + " at RVA 0x" + rva.ToString("X") + " cannot be decoded (" + damage.Message + ")");
            }
            catch (ImageDamage damage)
            {
                throw new ImageDamage("the method body of " + _names.Method(row) + " at RVA 0x" + rva.ToString("X") + " cannot be decoded (" + damage.Message + ")");
            }
        }
    }

    private bool[] Body(int row, uint rva)
    {
        Expect(_sections.TryMap(rva, out var start, out var sectionEnd), "it is outside every section");
        var cursor = new ByteCursor(_layout.Image, start, sectionEnd, "it");
        var first = cursor.ReadByte();
        int codeSize;
        var locals = 0;
        var moreSections = false;
        if ((first & 3) == 2)
        {
            codeSize = first >> 2;
        }
        else
        {
            Expect((first & 3) == 3, "its header is neither tiny nor fat");
            var flags = first | (cursor.ReadByte() << 8);
            if (flags >> 12 != 3)
            {
                throw new BodyDamage("its fat header claims " + ((flags >> 12) * 4) + " bytes");
            }

            moreSections = (flags & 0x08) != 0;
            cursor.ReadUInt16();
            var size = cursor.ReadUInt32();
            if (size > cursor.Remaining)
            {
                throw new BodyDamage("its " + size + " bytes of IL run past the end of its section");
            }

            codeSize = (int)size;
            var localSignature = cursor.ReadUInt32();
            if (localSignature != 0)
            {
                var signatureRow = localSignature & 0xFFFFFF;
                if (!(localSignature >> 24 == 0x11 && signatureRow > 0 && signatureRow <= _layout.Rows[0x11]))
                {
                    throw new BodyDamage("its locals token 0x" + localSignature.ToString("X8") + " names no stand-alone signature");
                }

                locals = _signatures.Locals(TableCheck.Cell(_layout, 0x11, (int)signatureRow, 0));
            }
        }

        var codeStart = cursor.Offset;
        if (codeSize > cursor.Remaining)
        {
            throw new BodyDamage("its " + codeSize + " bytes of IL run past the end of its section");
        }

        var starts = Instructions(new ByteCursor(_layout.Image, codeStart, codeStart + codeSize, "its IL"), row, locals);
        if (moreSections)
        {
            cursor.Offset = codeStart + codeSize;
            Clauses(cursor, starts, codeSize);
        }

        return starts;
    }

    private bool[] Instructions(ByteCursor code, int row, int locals)
    {
        var size = code.Remaining;
        bool[] starts;
        if (_keepStarts)
        {
            starts = new bool[size + 1];
        }
        else
        {
            if (_starts.Length < size + 1)
            {
                _starts = new bool[System.Math.Max(size + 1, _starts.Length * 2)];
            }

            starts = _starts;
            System.Array.Clear(starts, 0, size + 1);
        }

        var targets = _targets;
        targets.Clear();
        var shape = _shapes[row];
        var arguments = shape.Parameters + (shape.HasThis ? 1 : 0);
        var begin = code.Offset;
        while (code.Remaining > 0)
        {
            var offset = code.Offset - begin;
            starts[offset] = true;
            int first = code.ReadByte();
            var second = first == 0xFE ? code.ReadByte() : 0;
            var operand = ILOperands.Of(first, second);
            if (operand == null)
            {
                throw new BodyDamage("IL_" + offset.ToString("x4") + " holds 0x" + (first == 0xFE ? "FE" + second.ToString("X2") : first.ToString("X2")) + ", which is no opcode");
            }

            // ldarg.0-3, ldloc.0-3, stloc.0-3 name their argument or local in the opcode.
            if (first >= 0x02 && first <= 0x0D)
            {
                Variable(first <= 0x05, (first - 0x02) % 4, arguments, locals, offset);
            }

            switch (operand.Value)
            {
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget:
                    var shortDelta = (sbyte)code.ReadByte();
                    targets.Add(code.Offset - begin + (long)shortDelta);
                    break;
                case OperandType.InlineBrTarget:
                    var delta = (int)code.ReadUInt32();
                    targets.Add(code.Offset - begin + (long)delta);
                    break;
                case OperandType.InlineSwitch:
                    var count = code.ReadUInt32();
                    if (count > code.Remaining / 4)
                    {
                        throw new BodyDamage("a switch of " + count + " targets runs past the end of the IL");
                    }

                    var next = code.Offset - begin + (4L * count);
                    for (var i = 0; i < count; i++)
                    {
                        targets.Add(next + (int)code.ReadUInt32());
                    }

                    break;
                case OperandType.ShortInlineVar:
                    Variable(first <= 0x10, code.ReadByte(), arguments, locals, offset);
                    break;
                case OperandType.InlineVar:
                    Variable(second <= 0x0B, code.ReadUInt16(), arguments, locals, offset);
                    break;
                case OperandType.ShortInlineI:
                    code.ReadByte();
                    break;
                case OperandType.InlineI:
                case OperandType.ShortInlineR:
                    code.ReadUInt32();
                    break;
                case OperandType.InlineI8:
                case OperandType.InlineR:
                    code.ReadUInt64();
                    break;
                default:
                    Token(operand.Value, code.ReadUInt32(), offset);
                    break;
            }
        }

        starts[size] = true;
        foreach (var target in targets)
        {
            if (!(target >= 0 && target < size && starts[target]))
            {
                throw new BodyDamage("a branch to IL_" + target.ToString("x4") + ", where no instruction starts");
            }
        }

        return starts;
    }

    private void Variable(bool argument, int index, int arguments, int locals, int offset)
    {
        if (argument ? index >= arguments : index >= locals)
        {
            throw new BodyDamage((argument ? "argument " : "local ") + index + " at IL_" + offset.ToString("x4") + ", but the method has " + (argument ? arguments + " arguments" : locals + " locals"));
        }
    }

    private void Token(OperandType operand, uint token, int offset)
    {
        var table = (int)(token >> 24);
        var row = token & 0xFFFFFF;
        if (operand == OperandType.InlineString)
        {
            if (!(table == 0x70 && UserString(row)))
            {
                throw new BodyDamage("the string token 0x" + token.ToString("X8") + " at IL_" + offset.ToString("x4") + " is outside the #US heap");
            }

            return;
        }

        var allowed = operand switch
        {
            OperandType.InlineMethod => table is 0x06 or 0x2B || (table == 0x0A && row <= _layout.Rows[0x0A] && row > 0 && !_fieldReferences[row]),
            OperandType.InlineField => table is 0x04 || (table == 0x0A && row <= _layout.Rows[0x0A] && row > 0 && _fieldReferences[row]),
            OperandType.InlineType => table is 0x01 or 0x02 or 0x1B,
            OperandType.InlineSig => table is 0x11,
            _ => table is 0x01 or 0x02 or 0x1B or 0x04 or 0x06 or 0x0A or 0x2B,
        };
        if (!allowed || row == 0 || table >= MetadataSchema.TableCount || row > _layout.Rows[table])
        {
            throw new BodyDamage("the token 0x" + token.ToString("X8") + " at IL_" + offset.ToString("x4") + " names no " + OperandName(operand));
        }

        if (operand == OperandType.InlineSig)
        {
            _signatures.Method(TableCheck.Cell(_layout, 0x11, (int)row, 0), true);
        }
    }

    private static string OperandName(OperandType operand) => operand switch
    {
        OperandType.InlineMethod => "method",
        OperandType.InlineField => "field",
        OperandType.InlineType => "type",
        OperandType.InlineSig => "stand-alone method signature",
        _ => "type or member",
    };

    private bool UserString(uint offset)
    {
        var heap = _layout.UserStrings;
        if (offset == 0 || offset >= heap.Size)
        {
            return false;
        }

        var cursor = new ByteCursor(_layout.Image, heap.Start + (int)offset, heap.Start + heap.Size, "the #US heap");
        var length = cursor.ReadCompressed();
        return length <= cursor.Remaining;
    }

    // The exception clauses, in one or more data sections after the code (II.25.4.5), each on instruction starts.
    private void Clauses(ByteCursor cursor, bool[] starts, int codeSize)
    {
        for (var more = true; more;)
        {
            // Sections start on a four-byte boundary of the file, as Cecil reads them.
            cursor.Offset = (cursor.Offset + 3) & ~3;
            var kind = cursor.ReadByte();
            var fat = (kind & 0x40) != 0;
            more = (kind & 0x80) != 0;
            var size = fat ? cursor.ReadByte() | (cursor.ReadByte() << 8) | (cursor.ReadByte() << 16) : cursor.ReadByte();
            if (!fat)
            {
                cursor.ReadUInt16();
            }

            var clauseSize = fat ? 24 : 12;
            if (!(size >= 4 && size - 4 <= cursor.Remaining))
            {
                throw new BodyDamage("its exception section claims " + size + " bytes");
            }

            for (var i = 0; i < (size - 4) / clauseSize; i++)
            {
                var flags = fat ? cursor.ReadUInt32() : cursor.ReadUInt16();
                long tryStart = fat ? cursor.ReadUInt32() : cursor.ReadUInt16();
                long tryLength = fat ? cursor.ReadUInt32() : cursor.ReadByte();
                long handlerStart = fat ? cursor.ReadUInt32() : cursor.ReadUInt16();
                long handlerLength = fat ? cursor.ReadUInt32() : cursor.ReadByte();
                var extra = cursor.ReadUInt32();
                if (!(flags is 0 or 1 or 2 or 4))
                {
                    throw new BodyDamage("exception clause " + (i + 1) + " is of kind " + flags);
                }

                if (!(Range(starts, codeSize, tryStart, tryLength) && Range(starts, codeSize, handlerStart, handlerLength)))
                {
                    throw new BodyDamage("exception clause " + (i + 1) + " is not on instruction boundaries inside the IL");
                }

                if (flags == 0)
                {
                    var table = extra >> 24;
                    var row = extra & 0xFFFFFF;
                    if (!(table is 0x01 or 0x02 or 0x1B && row > 0 && row <= _layout.Rows[table]))
                    {
                        throw new BodyDamage("exception clause " + (i + 1) + " catches the token 0x" + extra.ToString("X8") + ", which names no type");
                    }
                }
                else if (flags == 1)
                {
                    if (!(extra < codeSize && starts[extra]))
                    {
                        throw new BodyDamage("exception clause " + (i + 1) + " filters at IL_" + extra.ToString("x4") + ", where no instruction starts");
                    }
                }
            }

            cursor.Skip((size - 4) % clauseSize);
        }
    }

    private static bool Range(bool[] starts, int codeSize, long start, long length) =>
        start < codeSize && start + length <= codeSize && starts[start] && starts[start + length];

    // For a fixed message. A message built from values is built inside an if, on damage only: a sound image, the usual
    // case, then costs no string.
    private static void Expect(bool sound, string problem)
    {
        if (!sound)
        {
            throw new BodyDamage(problem);
        }
    }

    private sealed class BodyDamage : System.Exception
    {
        internal BodyDamage(string problem)
            : base(problem)
        {
        }
    }
}
