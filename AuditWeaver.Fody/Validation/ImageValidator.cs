using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection.PortableExecutable;

namespace AuditWeaver.Fody.Validation;

/// <summary>
/// Decides whether an assembly is whole before Cecil reads it. Cecil reads lazily and reports damage through whatever
/// exception the broken bytes lead it to, wherever that happens (mid-weave, mid-write); so damage is decided here,
/// up front, by walking everything Cecil will read: the PE and CLI headers, every metadata table row, every signature,
/// every method body, and the debug information. Every loop is bounded by the size of what it reads. An assembly this
/// accepts and Cecil then fails on is a bug of ours (here or in the weaver), never "a damaged input".
/// </summary>
internal static class ImageValidator
{
    /// <summary>
    /// Null when the assembly at <paramref name="path"/> (and its portable PDB beside it, if any, as Cecil would read it)
    /// is whole; else what is damaged, in words, as one sentence. <paramref name="metadataOnly"/>: for a reference, of
    /// which only the metadata is ever read. File system errors are not damage and are let through.
    /// </summary>
    internal static string? Validate(string path, bool metadataOnly = false)
    {
        var image = File.ReadAllBytes(path);
        var pdbPath = Path.ChangeExtension(path, ".pdb");
        var pdb = !metadataOnly && File.Exists(pdbPath) ? File.ReadAllBytes(pdbPath) : null;
        return Validate(image, pdb, Path.GetFileName(pdbPath), metadataOnly);
    }

    /// <summary>As <see cref="Validate(string, bool)"/>, for bytes in memory; <paramref name="pdb"/>: the PDB file beside it, if any.</summary>
    internal static string? Validate(byte[] image, byte[]? pdb, string pdbName, bool metadataOnly)
    {
        try
        {
            Check(image, pdb, pdbName, metadataOnly);
            return null;
        }
        catch (ImageDamage damage)
        {
            return damage.Message + ".";
        }
    }

    private static void Check(byte[] image, byte[]? pdb, string pdbName, bool metadataOnly)
    {
        PEHeaders headers;
        try
        {
            headers = new PEHeaders(new MemoryStream(image, writable: false));
        }
        catch (BadImageFormatException exception)
        {
            throw new ImageDamage("the PE headers are damaged (" + exception.Message.TrimEnd('.') + ")");
        }

        var cliHeader = headers.PEHeader?.CorHeaderTableDirectory ?? default;
        if (!(headers.CorHeader != null || (cliHeader.RelativeVirtualAddress == 0 && cliHeader.Size == 0)))
        {
            throw new ImageDamage("the PE headers are damaged (the CLI header's directory, " + cliHeader.Size + " bytes at RVA 0x" + cliHeader.RelativeVirtualAddress.ToString("X") + ", is not inside a section)");
        }

        if (!(headers.CorHeader != null && headers.PEHeader != null))
        {
            throw new ImageDamage("it has no CLI header: native code, not a .NET assembly");
        }

        var sections = new SectionMap(headers);
        var pe = new PeCheck(image, headers, sections);
        pe.Headers(out var metadataStart, out var metadataSize);
        var layout = MetadataLayout.Read(image, metadataStart, metadataSize, pdb: false, string.Empty);
        TableCheck.Run(layout);
        SemanticsCheck.Run(layout);
        pe.EntryPoint(layout.Rows);
        var names = new MemberNames(layout);
        var blobs = new BlobCheck(layout, names);
        blobs.Run();
        pe.DebugDirectory();
        pe.Win32Resources();
        pe.ManagedResources(layout, names);
        pe.FieldData(layout, names);
        if (metadataOnly)
        {
            return;
        }

        // The instruction starts of every body are kept only when a PDB's offsets will be checked against them.
        var entries = pe.DebugEntries();
        var embedded = entries.FindIndex(entry => entry.Type == 17 && entry.Pointer != 0);
        var bodies = new MethodBodyCheck(layout, sections, blobs.Signatures, blobs.Shapes, blobs.FieldReferences, keepStarts: embedded >= 0 || IsPortablePdb(pdb));
        bodies.Run();
        Symbols(image, entries, embedded, new PdbCheck(layout, bodies.Starts), pdb, pdbName);
    }

    // Cecil reads an embedded PDB (entries[embedded]) when there is one, else a portable PDB beside the assembly whose id
    // matches its own.
    private static void Symbols(byte[] image, List<(uint Type, int Size, int Pointer)> entries, int embedded, PdbCheck check, byte[]? pdb, string pdbName)
    {
        if (embedded >= 0)
        {
            try
            {
                check.Run(PdbCheck.Inflate(image, entries[embedded].Pointer, entries[embedded].Size), null);
            }
            catch (ImageDamage damage)
            {
                throw new ImageDamage("the embedded PDB is damaged (" + damage.Message + ")");
            }

            return;
        }

        byte[]? codeViewId = null;
        foreach (var (type, size, pointer) in entries)
        {
            if (type == 2 && pointer != 0 && size >= 24 && BitConverter.ToUInt32(image, pointer) == 0x53445352)
            {
                codeViewId = new byte[16];
                Array.Copy(image, pointer + 4, codeViewId, 0, 16);
            }
        }

        // A Windows PDB (not "BSJB") is read by another reader, which this does not check.
        if (!IsPortablePdb(pdb))
        {
            return;
        }

        try
        {
            check.Run(pdb!, codeViewId ?? new byte[16]);
        }
        catch (ImageDamage damage)
        {
            throw new ImageDamage("its PDB " + pdbName + " is damaged (" + damage.Message + ")");
        }
    }

    private static bool IsPortablePdb(byte[]? pdb) => pdb != null && pdb.Length >= 4 && BitConverter.ToUInt32(pdb, 0) == 0x424A5342;
}
