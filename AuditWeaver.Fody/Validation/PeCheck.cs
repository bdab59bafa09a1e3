using System;
using System.Collections.Generic;
using System.Reflection.PortableExecutable;

namespace AuditWeaver.Fody.Validation;

/// <summary>
/// The parts of the image outside the metadata that Cecil reads or copies: the CLI header's directories, the entry
/// point, the debug directory and the data of its entries, the Win32 resource tree (which Cecil walks, recursively, to
/// relocate it), managed resources and fields' initial data. Each must lie inside the file and the section it names.
/// </summary>
internal sealed class PeCheck
{
    private readonly byte[] _image;
    private readonly PEHeaders _headers;
    private readonly SectionMap _sections;

    internal PeCheck(byte[] image, PEHeaders headers, SectionMap sections)
    {
        _image = image;
        _headers = headers;
        _sections = sections;
    }

    /// <summary>Sections inside the file, and a CLI header whose metadata lies in one: what reading the metadata needs.</summary>
    internal void Headers(out int metadataStart, out int metadataSize)
    {
        foreach (var section in _headers.SectionHeaders)
        {
            var end = (long)section.PointerToRawData + section.SizeOfRawData;
            if (!(end <= _image.Length && section.PointerToRawData >= 0 && section.SizeOfRawData >= 0))
            {
                throw new ImageDamage("the file is truncated (its section " + section.Name + " ends at byte " + end + ", but the file has " + _image.Length + " bytes)");
            }
        }

        var cliHeader = _headers.PEHeader!.CorHeaderTableDirectory;
        if (!(_sections.Contains(cliHeader.RelativeVirtualAddress, Math.Max(cliHeader.Size, 72))))
        {
            throw new ImageDamage("the PE headers are damaged (the CLI header's directory, at RVA 0x" + cliHeader.RelativeVirtualAddress.ToString("X") + ", is not inside a section)");
        }

        var cor = _headers.CorHeader!;
        var directory = cor.MetadataDirectory;
        if (!(directory.Size > 0 && _sections.Contains(directory.RelativeVirtualAddress, directory.Size)))
        {
            throw new ImageDamage("the CLI header is damaged (its metadata directory, at RVA 0x" + directory.RelativeVirtualAddress.ToString("X") + ", is not inside a section)");
        }

        _sections.TryMap(directory.RelativeVirtualAddress, out metadataStart, out _);
        metadataSize = directory.Size;
        Directory(cor.ResourcesDirectory, "the CLI header is damaged", "managed resources");
        Directory(cor.StrongNameSignatureDirectory, "the CLI header is damaged", "strong-name signature");
    }

    /// <summary>The entry point names a method or file of this image, or nothing.</summary>
    internal void EntryPoint(int[] rows)
    {
        var cor = _headers.CorHeader!;
        if ((cor.Flags & CorFlags.NativeEntryPoint) != 0 || cor.EntryPointTokenOrRelativeVirtualAddress == 0)
        {
            return;
        }

        var token = (uint)cor.EntryPointTokenOrRelativeVirtualAddress;
        var table = (int)(token >> 24);
        var row = token & 0xFFFFFF;
        if (!(table is 0x06 or 0x26 && row > 0 && row <= rows[table]))
        {
            throw new ImageDamage("the CLI header is damaged (its entry point token 0x" + token.ToString("X8") + " names no method)");
        }
    }

    /// <summary>The debug directory's entries (type, size and file offset of their data), once <see cref="DebugDirectory"/> passed.</summary>
    internal List<(uint Type, int Size, int Pointer)> DebugEntries()
    {
        var entries = new List<(uint, int, int)>();
        var directory = _headers.PEHeader!.DebugTableDirectory;
        if (directory.Size > 0 && _sections.TryMap(directory.RelativeVirtualAddress, out var start, out _))
        {
            for (var at = start; at + 28 <= start + directory.Size; at += 28)
            {
                var cursor = new ByteCursor(_image, at + 12, at + 28, "the debug directory");
                var type = cursor.ReadUInt32();
                var size = cursor.ReadUInt32();
                cursor.ReadUInt32();
                entries.Add((type, (int)size, (int)cursor.ReadUInt32()));
            }
        }

        return entries;
    }

    internal void DebugDirectory()
    {
        var directory = _headers.PEHeader!.DebugTableDirectory;
        if (directory.Size == 0)
        {
            return;
        }

        Directory(directory, "the debug directory is damaged", "debug");
        _sections.TryMap(directory.RelativeVirtualAddress, out var start, out _);
        for (var at = start; at + 28 <= start + directory.Size; at += 28)
        {
            var cursor = new ByteCursor(_image, at, at + 28, "the debug directory");
            cursor.Skip(16);
            var size = cursor.ReadUInt32();
            cursor.ReadUInt32();
            var pointer = cursor.ReadUInt32();
            if (!(pointer == 0 || (long)pointer + size <= _image.Length))
            {
                throw new ImageDamage("the debug directory is damaged (an entry's " + size + " bytes at file offset 0x" + pointer.ToString("X") + " are not in the file)");
            }
        }
    }

    /// <summary>The Win32 resource tree: Cecil follows every entry to relocate the data; a loop would never end.</summary>
    internal void Win32Resources()
    {
        var directory = _headers.PEHeader!.ResourceTableDirectory;
        if (directory.Size == 0 || directory.RelativeVirtualAddress == 0)
        {
            return;
        }

        Directory(directory, "the Win32 resources are damaged", "resource");
        _sections.TryMap(directory.RelativeVirtualAddress, out var start, out _);
        ResourceTable(start, directory.Size, 0, 0, new HashSet<uint>());
    }

    private void ResourceTable(int start, int size, uint offset, int depth, HashSet<uint> seen)
    {
        if (!(depth < 8 && seen.Add(offset)))
        {
            throw new ImageDamage("the Win32 resources are damaged (their directory tree loops or nests " + depth + " levels deep)");
        }

        var cursor = new ByteCursor(_image, start + (int)offset, start + size, "the Win32 resources");
        if (offset >= size)
        {
            throw new ImageDamage("the Win32 resources are damaged (a directory at offset 0x" + offset.ToString("X") + " lies outside them)");
        }

        cursor.Skip(12);
        var entries = cursor.ReadUInt16() + cursor.ReadUInt16();
        for (var i = 0; i < entries; i++)
        {
            cursor.ReadUInt32();
            var child = cursor.ReadUInt32();
            if ((child & 0x80000000) != 0)
            {
                ResourceTable(start, size, child & 0x7FFFFFFF, depth + 1, seen);
            }
            else
            {
                if (child + 16L > size)
                {
                    throw new ImageDamage("the Win32 resources are damaged (a data entry at offset 0x" + child.ToString("X") + " lies outside them)");
                }
            }
        }
    }

    /// <summary>Each embedded resource: a length and that many bytes, inside the CLI header's resources directory.</summary>
    internal void ManagedResources(MetadataLayout layout, MemberNames names)
    {
        var directory = _headers.CorHeader!.ResourcesDirectory;
        for (var row = 1; row <= layout.Rows[0x28]; row++)
        {
            if (TableCheck.Cell(layout, 0x28, row, 3) != 0)
            {
                continue;
            }

            var offset = TableCheck.Cell(layout, 0x28, row, 0);
            var name = names.String(TableCheck.Cell(layout, 0x28, row, 2));
            var inside = directory.Size >= 4 && offset <= directory.Size - 4 && _sections.TryMap(directory.RelativeVirtualAddress, out var start, out _);
            if (!inside)
            {
                throw new ImageDamage("the managed resource " + name + " is damaged (its offset 0x" + offset.ToString("X") + " is outside the resources directory)");
            }

            _sections.TryMap(directory.RelativeVirtualAddress, out start, out _);
            var length = new ByteCursor(_image, start + (int)offset, start + directory.Size, "the resource").ReadUInt32();
            if (length > directory.Size - 4 - offset)
            {
                throw new ImageDamage("the managed resource " + name + " is damaged (its " + length + " bytes run past the resources directory)");
            }
        }
    }

    /// <summary>
    /// A field with initial data (FieldRVA) is copied when the module is written, as many bytes as its type is large:
    /// a value type's ClassLayout size. Those bytes must be in the image, or the copy fails (or asks for gigabytes).
    /// </summary>
    internal void FieldData(MetadataLayout layout, MemberNames names)
    {
        var sizes = new Dictionary<uint, uint>();
        for (var row = 1; row <= layout.Rows[0x0F]; row++)
        {
            sizes[TableCheck.Cell(layout, 0x0F, row, 2)] = TableCheck.Cell(layout, 0x0F, row, 1);
        }

        for (var row = 1; row <= layout.Rows[0x1D]; row++)
        {
            var rva = TableCheck.Cell(layout, 0x1D, row, 0);
            var field = (int)TableCheck.Cell(layout, 0x1D, row, 1);
            TableCheck.Blob(layout, TableCheck.Cell(layout, 0x04, field, 2), out var start, out var end);
            var size = 0u;
            var cursor = new ByteCursor(layout.Image, start, end, "the field's signature");
            if (end - start >= 2 && cursor.ReadByte() == 0x06)
            {
                var element = cursor.ReadByte();
                size = element switch
                {
                    0x02 or 0x04 or 0x05 => 1,
                    0x03 or 0x06 or 0x07 => 2,
                    0x08 or 0x09 or 0x0C => 4,
                    0x0A or 0x0B or 0x0D or 0x18 or 0x19 => 8,
                    0x11 when cursor.Remaining > 0 && cursor.ReadCompressed() is var coded && (coded & 3) == 0 && sizes.TryGetValue(coded >> 2, out var declared) => declared,
                    _ => 0,
                };
            }

            if (!(rva == 0 || size == 0 || _sections.Contains(rva, size)))
            {
                throw new ImageDamage("the initial data of field " + names.Field(field) + " is damaged (its " + size + " bytes at RVA 0x" + rva.ToString("X") + " are not inside a section)");
            }
        }
    }

    private void Directory(DirectoryEntry directory, string damaged, string what)
    {
        if (!(directory.Size == 0 || _sections.Contains(directory.RelativeVirtualAddress, directory.Size)))
        {
            throw new ImageDamage(damaged + " (its " + what + " directory, " + directory.Size + " bytes at RVA 0x" + directory.RelativeVirtualAddress.ToString("X") + ", is not inside a section)");
        }
    }
}
