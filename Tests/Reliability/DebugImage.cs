using System;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;

namespace Tests.Reliability;

/// <summary>
/// An assembly opened with System.Reflection.Metadata together with its portable PDB, whether that sits beside it or
/// inside it, and the checks a debugger makes before it trusts that the two belong together.
/// </summary>
internal sealed class DebugImage : IDisposable
{
    private readonly PEReader _pe;
    private readonly MetadataReaderProvider? _pdbProvider;

    private DebugImage(string path)
    {
        Path = path;
        _pe = new PEReader(new MemoryStream(File.ReadAllBytes(path)));
        Metadata = _pe.GetMetadataReader();
        Entries = _pe.ReadDebugDirectory().ToArray();
        var embedded = Entries.Where(e => e.Type == DebugDirectoryEntryType.EmbeddedPortablePdb).ToList();
        var beside = System.IO.Path.ChangeExtension(path, ".pdb");
        if (embedded.Count > 0)
        {
            _pdbProvider = _pe.ReadEmbeddedPortablePdbDebugDirectoryData(embedded.Single());
        }
        else if (File.Exists(beside))
        {
            _pdbProvider = MetadataReaderProvider.FromPortablePdbStream(new MemoryStream(File.ReadAllBytes(beside)));
        }

        Pdb = _pdbProvider?.GetMetadataReader();
    }

    internal string Path { get; }

    internal MetadataReader Metadata { get; }

    /// <summary>The portable PDB's tables, or null when the assembly has none.</summary>
    internal MetadataReader? Pdb { get; }

    internal DebugDirectoryEntry[] Entries { get; }

    internal static DebugImage Open(string path) => new(path);

    internal MethodBodyBlock Body(MethodDefinitionHandle method) =>
        _pe.GetMethodBody(Metadata.GetMethodDefinition(method).RelativeVirtualAddress);

    /// <summary>The path the CodeView entry names for the PDB (what a debugger looks for), or null.</summary>
    internal string? PdbPathInImage =>
        Entries.Where(e => e.Type == DebugDirectoryEntryType.CodeView).Select(e => _pe.ReadCodeViewDebugDirectoryData(e).Path).SingleOrDefault();

    /// <summary>
    /// Why the PDB would be rejected as not this assembly's, or null when it matches: the CodeView entry's GUID and
    /// stamp must be the PDB's ID, and the PdbChecksum entry the hash of the PDB with its ID zeroed.
    /// </summary>
    internal unsafe string? PdbMismatch()
    {
        if (Pdb == null)
        {
            return "no PDB";
        }

        var id = Pdb.DebugMetadataHeader!.Id.ToArray();
        var codeView = Entries.Where(e => e.Type == DebugDirectoryEntryType.CodeView).ToList();
        if (codeView.Count != 1)
        {
            return codeView.Count + " CodeView entries";
        }

        var data = _pe.ReadCodeViewDebugDirectoryData(codeView[0]);
        if (data.Guid != new Guid(id.AsSpan(0, 16)) || codeView[0].Stamp != BitConverter.ToUInt32(id, 16))
        {
            return "the CodeView entry names PDB " + data.Guid + "/" + codeView[0].Stamp.ToString("X8", System.Globalization.CultureInfo.InvariantCulture)
                + ", the PDB's ID is " + Convert.ToHexString(id);
        }

        var pdbBytes = new ReadOnlySpan<byte>(Pdb.MetadataPointer, Pdb.MetadataLength).ToArray();
        pdbBytes.AsSpan(Pdb.DebugMetadataHeader.IdStartOffset, id.Length).Clear();
        foreach (var entry in Entries.Where(e => e.Type == DebugDirectoryEntryType.PdbChecksum))
        {
            var checksum = _pe.ReadPdbChecksumDebugDirectoryData(entry);
            if (checksum.AlgorithmName != "SHA256" || !checksum.Checksum.SequenceEqual(SHA256.HashData(pdbBytes)))
            {
                return "the PdbChecksum entry (" + checksum.AlgorithmName + ") is not the hash of the PDB";
            }
        }

        return null;
    }

    public void Dispose()
    {
        _pdbProvider?.Dispose();
        _pe.Dispose();
    }
}
