using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace AuditWeaver.Fody.Validation;

/// <summary>
/// A portable PDB, embedded (deflated, inflated here within bounds) or beside the assembly: its metadata walked like the
/// assembly's, the methods it describes those of the assembly, and every IL offset it gives (sequence points, scopes,
/// async stepping, hoisted-variable scopes) on an instruction of that method, as Cecil requires when it reads them.
/// </summary>
internal sealed class PdbCheck
{
    private static readonly Guid s_asyncStepping = new("54FD2AC5-E925-401A-9C2A-F94F171072F8");
    private static readonly Guid s_hoistedScopes = new("6DA9A61E-F8C7-4874-BE62-68BC5630DF71");

    private readonly MetadataLayout _assembly;
    private readonly IReadOnlyDictionary<int, bool[]> _starts;
    private readonly MemberNames _names;

    internal PdbCheck(MetadataLayout assembly, IReadOnlyDictionary<int, bool[]> starts)
    {
        _assembly = assembly;
        _starts = starts;
        _names = new MemberNames(assembly);
    }

    /// <summary>The PDB bytes of an embedded entry (signature, size, deflated data), inflated; refused when they cannot be.</summary>
    internal static byte[] Inflate(byte[] image, int start, int size)
    {
        var cursor = new ByteCursor(image, start, start + size, "its header");
        if (!(size >= 8 && cursor.ReadUInt32() == 0x4244504D))
        {
            throw new ImageDamage("its header is not MPDB");
        }

        var inflated = cursor.ReadUInt32();

        // Deflate compresses at most about 1000 to 1; a size beyond that is not what the data holds, and would be allocated.
        if (!(inflated <= (size * 1100L) + 4096 && inflated <= int.MaxValue / 2))
        {
            throw new ImageDamage("it claims " + inflated + " bytes inflated from " + (size - 8));
        }

        var bytes = new byte[inflated];
        using var deflate = new DeflateStream(new MemoryStream(image, start + 8, size - 8, writable: false), CompressionMode.Decompress);
        var read = 0;
        try
        {
            while (read < bytes.Length)
            {
                var count = deflate.Read(bytes, read, bytes.Length - read);
                if (count == 0)
                {
                    break;
                }

                read += count;
            }

            if (!(read == bytes.Length && deflate.Read(new byte[1], 0, 1) == 0))
            {
                throw new ImageDamage("it inflates to " + (read == bytes.Length ? "more" : read.ToString()) + " bytes, not the " + inflated + " it claims");
            }
        }
        catch (InvalidDataException exception)
        {
            throw new ImageDamage("its compressed data cannot be inflated (" + exception.Message.TrimEnd('.') + ")");
        }

        return bytes;
    }

    /// <summary>
    /// Checks <paramref name="pdb"/>; when <paramref name="expectedId"/> is given (a PDB file beside the assembly), one with
    /// another id is not read by Cecil, which drops the symbols instead, and is checked no further than its header.
    /// </summary>
    internal void Run(byte[] pdb, byte[]? expectedId)
    {
        var layout = MetadataLayout.Read(pdb, 0, pdb.Length, pdb: true, string.Empty);
        if (expectedId != null && !Matches(pdb, layout, expectedId))
        {
            return;
        }

        TableCheck.Run(layout);
        var methods = layout.Rows[0x06];
        if (methods != _assembly.Rows[0x06])
        {
            throw new ImageDamage("it describes " + methods + " methods, but the assembly has " + _assembly.Rows[0x06]);
        }

        var entry = new ByteCursor(pdb, layout.Pdb.Start + 20, layout.Pdb.Start + layout.Pdb.Size, "its #Pdb stream").ReadUInt32();
        if (!(entry == 0 || (entry >> 24 == 0x06 && (entry & 0xFFFFFF) <= methods && (entry & 0xFFFFFF) > 0)))
        {
            throw new ImageDamage("its entry point token 0x" + entry.ToString("X8") + " names no method");
        }

        try
        {
            using var provider = MetadataReaderProvider.FromPortablePdbImage(ImmutableArray.Create(pdb));
            var reader = provider.GetMetadataReader();
            SequencePoints(reader, layout);
            Scopes(layout);
            Imports(reader);
            CustomInformation(layout);
        }
        catch (BadImageFormatException exception)
        {
            throw new ImageDamage(exception.Message.TrimEnd('.'));
        }
    }

    private static bool Matches(byte[] pdb, MetadataLayout layout, byte[] expectedId)
    {
        if (layout.Pdb.Size < 16)
        {
            return false;
        }

        for (var i = 0; i < 16; i++)
        {
            if (pdb[layout.Pdb.Start + i] != expectedId[i])
            {
                return false;
            }
        }

        return true;
    }

    private void SequencePoints(MetadataReader reader, MetadataLayout layout)
    {
        foreach (var handle in reader.MethodDebugInformation)
        {
            var row = MetadataTokens.GetRowNumber(handle);
            var starts = Starts(row);
            foreach (var point in reader.GetMethodDebugInformation(handle).GetSequencePoints())
            {
                var document = MetadataTokens.GetRowNumber(point.Document);
                if (!(document > 0 && document <= layout.Rows[0x30]))
                {
                    throw new ImageDamage("a sequence point of " + Method(row) + " names document " + document + ", of " + layout.Rows[0x30]);
                }

                if (!(starts != null && point.Offset < starts.Length - 1 && starts[point.Offset]))
                {
                    throw new ImageDamage("a sequence point of " + Method(row) + " is at IL_" + point.Offset.ToString("x4") + ", where no instruction starts");
                }
            }
        }
    }

    private void Scopes(MetadataLayout layout)
    {
        for (var row = 1; row <= layout.Rows[0x32]; row++)
        {
            var method = (int)TableCheck.Cell(layout, 0x32, row, 0);
            var start = TableCheck.Cell(layout, 0x32, row, 4);
            var length = TableCheck.Cell(layout, 0x32, row, 5);
            Span(method, start, start + (long)length, "local scope row " + row);
        }
    }

    private static void Imports(MetadataReader reader)
    {
        foreach (var handle in reader.ImportScopes)
        {
            foreach (var import in reader.GetImportScope(handle).GetImports())
            {
                _ = import.Kind;
            }
        }
    }

    // Async stepping information and hoisted-variable scopes: Cecil resolves each offset to an instruction of the method.
    private void CustomInformation(MetadataLayout layout)
    {
        var guids = layout.Guids;
        for (var row = 1; row <= layout.Rows[0x37]; row++)
        {
            var parent = TableCheck.Cell(layout, 0x37, row, 0);
            var kindIndex = (int)TableCheck.Cell(layout, 0x37, row, 1);
            if ((parent & 0x1F) != 0 || kindIndex == 0)
            {
                continue;
            }

            var kind = new Guid(Slice(layout.Image, guids.Start + ((kindIndex - 1) * 16), 16));
            var method = (int)(parent >> 5);
            TableCheck.Blob(layout, TableCheck.Cell(layout, 0x37, row, 2), out var start, out var end);
            var cursor = new ByteCursor(layout.Image, start, end, "custom debug information row " + row);
            if (kind == s_asyncStepping)
            {
                var catchHandler = cursor.ReadUInt32();
                if (catchHandler != 0)
                {
                    Span(method, catchHandler - 1, null, "the async catch handler of custom debug information row " + row);
                }

                while (cursor.Remaining > 0)
                {
                    Span(method, cursor.ReadUInt32(), null, "an await of custom debug information row " + row);
                    Span(method, cursor.ReadUInt32(), null, "a resumption of custom debug information row " + row);
                    var moveNext = cursor.ReadCompressed();
                    if (!(moveNext > 0 && moveNext <= _assembly.Rows[0x06]))
                    {
                        throw new ImageDamage("custom debug information row " + row + " resumes in method row " + moveNext + ", of " + _assembly.Rows[0x06]);
                    }
                }
            }
            else if (kind == s_hoistedScopes)
            {
                while (cursor.Remaining > 0)
                {
                    var scopeStart = cursor.ReadUInt32();
                    var scopeLength = cursor.ReadUInt32();
                    if (scopeStart != 0 || scopeLength != 0)
                    {
                        Span(method, scopeStart, scopeStart + (long)scopeLength, "a hoisted-variable scope of custom debug information row " + row);
                    }
                }
            }
        }
    }

    // An offset (or a range) of a method's IL, on instruction starts; a range may end at the end of the code.
    private void Span(int method, long start, long? end, string what)
    {
        var starts = Starts(method);
        if (!(starts != null && start >= 0 && start < starts.Length - 1 && starts[start]))
        {
            throw new ImageDamage(what + " starts at IL_" + start.ToString("x4") + " of " + Method(method) + ", where no instruction starts");
        }

        if (!(end == null || (end >= start && end < starts!.Length && starts[end.Value])))
        {
            throw new ImageDamage(what + " ends at IL_" + end!.Value.ToString("x4") + " of " + Method(method) + ", where no instruction starts");
        }
    }

    private string Method(int row) => row > 0 && row <= _assembly.Rows[0x06] ? _names.Method(row) : "method row " + row;

    private bool[]? Starts(int method) => _starts.TryGetValue(method, out var starts) ? starts : null;

    private static byte[] Slice(byte[] bytes, int start, int length)
    {
        var slice = new byte[length];
        Array.Copy(bytes, start, slice, 0, length);
        return slice;
    }
}
