using System;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using AuditWeaver.Fody.Validation;
using AuditWeaver.Tool.Processing;
using Fody;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Tool.Fuzzing;

/// <summary>
/// The exact words for each class of damage the validator names, each made by hand in a real assembly (DriftLibrary, its
/// PDB, and DebugLibrary with an embedded PDB); and what an internal error (a bug of ours, after validation) says.
/// </summary>
public class DamageMessageTests : TempFixture
{
    private static readonly string s_drift = Path.Combine(Paths.PackageUserOutput, "DriftLibrary.dll");

    [Test]
    public void TheSoundOriginalsPass()
    {
        foreach (var original in MutationCampaign.Originals)
        {
            Assert.That(ImageValidator.Validate(original.Image, original.Pdb, "x.pdb", metadataOnly: false), Is.Null, original.Name);
        }
    }

    [Test]
    public void PeHeaders()
    {
        var bytes = File.ReadAllBytes(s_drift);
        var headers = Headers(bytes);
        var directory = headers.PEHeaderStartOffset + (headers.PEHeader!.Magic == PEMagic.PE32Plus ? 112 : 96) + (14 * 8);
        BitConverter.TryWriteBytes(bytes.AsSpan(directory), 0x7F000000);
        Assert.That(Validate(bytes), Is.EqualTo("the PE headers are damaged (the CLI header's directory, " + headers.PEHeader.CorHeaderTableDirectory.Size + " bytes at RVA 0x7F000000, is not inside a section)."));
    }

    [Test]
    public void CliHeader()
    {
        // The managed resources directory (after size, version, metadata directory, flags and entry point).
        var bytes = File.ReadAllBytes(s_drift);
        BitConverter.TryWriteBytes(bytes.AsSpan(Headers(bytes).CorHeaderStartOffset + 24), 0x7F000000);
        BitConverter.TryWriteBytes(bytes.AsSpan(Headers(bytes).CorHeaderStartOffset + 28), 16);
        Assert.That(Validate(bytes), Is.EqualTo("the CLI header is damaged (its managed resources directory, 16 bytes at RVA 0x7F000000, is not inside a section)."));
    }

    [Test]
    public void MetadataRoot()
    {
        var bytes = File.ReadAllBytes(s_drift);
        bytes[MetadataStart(bytes)] = (byte)'X';
        Assert.That(Validate(bytes), Is.EqualTo("the metadata root is damaged (its signature is not BSJB)."));
    }

    [Test]
    public void TableStream()
    {
        // MemberRef row 1's class: a TypeRef (tag 1) far past the last.
        var bytes = File.ReadAllBytes(s_drift);
        var typeRefs = Reader(bytes).GetTableRowCount(TableIndex.TypeRef);
        BitConverter.TryWriteBytes(bytes.AsSpan(Table(bytes, TableIndex.MemberRef)), (ushort)((1000 << 3) | 1));
        Assert.That(Validate(bytes), Is.EqualTo("the metadata table stream is damaged (MemberRef row 1, Class: row 1000 of TypeRef, which has " + typeRefs + ")."));
    }

    [Test]
    public void HugeRowCount()
    {
        var bytes = File.ReadAllBytes(s_drift);
        var rowCounts = FindRowCount(bytes, Reader(bytes), TableIndex.TypeRef);
        BitConverter.TryWriteBytes(bytes.AsSpan(rowCounts), 0xFFFFFF);
        Assert.That(Validate(bytes), Is.EqualTo("the metadata table stream is damaged (its TypeRef table, of 16777215 rows, runs past the end of the stream)."));
    }

    [Test]
    public void StringsHeap()
    {
        var bytes = File.ReadAllBytes(s_drift);
        var reader = Reader(bytes);
        var heap = reader.GetHeapSize(HeapIndex.String);
        BitConverter.TryWriteBytes(bytes.AsSpan(Table(bytes, TableIndex.TypeDef) + 4), (ushort)(heap + 10));
        Assert.That(Validate(bytes), Is.EqualTo("the #Strings heap is damaged (TypeDef row 1, TypeName: string offset 0x" + (heap + 10).ToString("X") + " is outside the #Strings heap or has no end)."));
    }

    [Test]
    public void Signature()
    {
        // Store::Save's return type (after the calling convention and the parameter count): an element type that is none.
        var bytes = File.ReadAllBytes(s_drift);
        var reader = Reader(bytes);
        var save = reader.MethodDefinitions.Select(reader.GetMethodDefinition).Single(m => reader.GetString(m.Name) == "Save");
        var blob = MetadataStart(bytes) + reader.GetHeapMetadataOffset(HeapIndex.Blob) + MetadataTokens.GetHeapOffset(save.Signature);
        Assert.That(bytes[blob + 3], Is.EqualTo(0x01), "void");
        bytes[blob + 3] = 0x3F;
        Assert.That(Validate(bytes), Is.EqualTo("the signature of method DriftLibrary.Store::Save is damaged (unknown element type 0x3F)."));
    }

    [Test]
    public void MethodBodyBranch()
    {
        // Save's first instruction (ldarg.0) becomes br.s into the middle of its own two bytes.
        var bytes = File.ReadAllBytes(s_drift);
        var reader = Reader(bytes);
        var save = reader.MethodDefinitions.Select(reader.GetMethodDefinition).Single(m => reader.GetString(m.Name) == "Save");
        Headers(bytes).TryGetDirectoryOffset(new DirectoryEntry(save.RelativeVirtualAddress, 1), out var body);
        bytes[body + 1] = 0x2B;
        bytes[body + 2] = 0xFF;
        Assert.That(Validate(bytes), Is.EqualTo("the method body of DriftLibrary.Store::Save at RVA 0x" + save.RelativeVirtualAddress.ToString("X") + " cannot be decoded (a branch to IL_0001, where no instruction starts)."));
    }

    [Test]
    public void Truncated()
    {
        var bytes = File.ReadAllBytes(s_drift);
        var last = Headers(bytes).SectionHeaders.OrderBy(s => s.PointerToRawData).Last();
        var cut = bytes.AsSpan(0, last.PointerToRawData + 16).ToArray();
        Assert.That(Validate(cut), Is.EqualTo("the file is truncated (its section " + last.Name + " ends at byte " + (last.PointerToRawData + last.SizeOfRawData) + ", but the file has " + cut.Length + " bytes)."));
    }

    [Test]
    public void PdbBeside()
    {
        var bytes = File.ReadAllBytes(s_drift);
        var pdb = File.ReadAllBytes(Path.ChangeExtension(s_drift, ".pdb"));
        int document;
        using (var provider = MetadataReaderProvider.FromPortablePdbImage(System.Collections.Immutable.ImmutableArray.Create(pdb)))
        {
            var reader = provider.GetMetadataReader();
            Assert.That(reader.GetHeapSize(HeapIndex.Blob), Is.LessThan(0xFFFF));
            document = reader.GetTableMetadataOffset(TableIndex.Document);
        }

        // Document row 1's name: a blob offset past the heap.
        BitConverter.TryWriteBytes(pdb.AsSpan(document), (ushort)0xFFFF);
        Assert.That(ImageValidator.Validate(bytes, pdb, "DriftLibrary.pdb", metadataOnly: false), Is.EqualTo("its PDB DriftLibrary.pdb is damaged (the #Blob heap is damaged (Document row 1, Name: blob offset 0xFFFF is outside the #Blob heap or its length runs past it))."));
    }

    [Test]
    public void EmbeddedPdb()
    {
        var bytes = File.ReadAllBytes(Paths.DebugLibrary("embedded"));
        using var pe = new PEReader(new MemoryStream(bytes));
        var entry = pe.ReadDebugDirectory().Single(e => e.Type == DebugDirectoryEntryType.EmbeddedPortablePdb);
        var size = BitConverter.ToInt32(bytes, entry.DataPointer + 4);
        BitConverter.TryWriteBytes(bytes.AsSpan(entry.DataPointer + 4), size + 1);
        Assert.That(Validate(bytes), Is.EqualTo("the embedded PDB is damaged (it inflates to " + size + " bytes, not the " + (size + 1) + " it claims)."));
    }

    [Test]
    public void ThroughTheToolOneLineNamingTheFile()
    {
        var bytes = File.ReadAllBytes(s_drift);
        BitConverter.TryWriteBytes(bytes.AsSpan(Table(bytes, TableIndex.MemberRef)), (ushort)((1000 << 3) | 1));
        var input = Path.Combine(Temp.File("in"), "DriftLibrary.dll");
        Directory.CreateDirectory(Path.GetDirectoryName(input)!);
        File.WriteAllBytes(input, bytes);
        foreach (var verb in new[] { "weave", "scan" })
        {
            var result = verb == "weave" ? ToolRun.InProcess("weave", input, "--out", Temp.File("out")) : ToolRun.InProcess("scan", input);
            Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
            Assert.That(result.Error.Split('\n').Where(l => l.StartsWith("error: ", StringComparison.Ordinal)), Is.EqualTo(new[] { "error: " + input + ": " + Validate(bytes) }));
        }

        Assert.That(Directory.Exists(Temp.File("out")) && Directory.EnumerateFiles(Temp.File("out")).Any(), Is.False, "nothing written");
    }

    [Test]
    public void TheFodyFrontRefusesADamagedInputInOneBuildError()
    {
        var bytes = File.ReadAllBytes(s_drift);
        BitConverter.TryWriteBytes(bytes.AsSpan(Table(bytes, TableIndex.MemberRef)), (ushort)((1000 << 3) | 1));
        var input = Path.Combine(Temp.File("fody"), "DriftLibrary.dll");
        Directory.CreateDirectory(Path.GetDirectoryName(input)!);
        File.WriteAllBytes(input, bytes);
        string[] errors;
        try
        {
#pragma warning disable CS0618 // FodyHelpers marks its test helper obsolete to keep it out of production code.
            errors = new AuditWeaver.Fody.ModuleWeaver().ExecuteTestRun(input, runPeVerify: false, folderName: "damaged-input").Errors.Select(e => e.Text).ToArray();
#pragma warning restore CS0618
        }
        catch (WeavingException exception)
        {
            errors = new[] { exception.Message };
        }

        Assert.That(errors, Is.EqualTo(new[] { "AuditWeaver: " + input + ": " + Validate(bytes) }));
    }

    [Test]
    public void AnInternalErrorSaysItIsOursAndHowToGetTheStackTrace()
    {
        var file = AuditWeaver.Tool.Inputs.InputSet.Open(s_drift).Files.Single();
        var quiet = new StringWriter();
        var failed = InternalError.Fail(file, new InvalidOperationException("Sequence contains no elements."), verbose: false, quiet);
        Assert.That(failed.Reasons, Is.EqualTo(new[] { "internal error (InvalidOperationException: Sequence contains no elements): the assembly passed validation, so this is a bug in AuditWeaver, not damage in the input. Nothing was written for it. Run again with --verbose (or AUDITWEAVER_VERBOSE=1) for the stack trace, and please report it." }));
        Assert.That(quiet.ToString(), Is.Empty);

        var verbose = new StringWriter();
        InternalError.Fail(file, new InvalidOperationException("x"), verbose: true, verbose);
        Assert.That(verbose.ToString(), Does.StartWith("internal error in AuditWeaver on " + s_drift + ":" + Environment.NewLine + "System.InvalidOperationException: x"));
    }

    private static string? Validate(byte[] bytes) => ImageValidator.Validate(bytes, null, "x.pdb", metadataOnly: false);

    private static PEHeaders Headers(byte[] bytes) => new(new MemoryStream(bytes));

    private static int MetadataStart(byte[] bytes)
    {
        var headers = Headers(bytes);
        headers.TryGetDirectoryOffset(headers.CorHeader!.MetadataDirectory, out var start);
        return start;
    }

    private static MetadataReader Reader(byte[] bytes) => new PEReader(new MemoryStream(bytes)).GetMetadataReader();

    private static int Table(byte[] bytes, TableIndex table) => MetadataStart(bytes) + Reader(bytes).GetTableMetadataOffset(table);

    // The row counts follow the table stream's 24-byte header, one per table present, in table order.
    private static int FindRowCount(byte[] bytes, MetadataReader reader, TableIndex table)
    {
        var present = Enumerable.Range(0, (int)table).Count(t => reader.GetTableRowCount((TableIndex)t) > 0);
        var stream = Table(bytes, TableIndex.Module) - 24 - (4 * Enumerable.Range(0, 64).Count(t => t < 0x38 && reader.GetTableRowCount((TableIndex)t) > 0));
        return stream + 24 + (4 * present);
    }
}
