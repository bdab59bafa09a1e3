using System;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Tool;

/// <summary>
/// Every kind of bad input gets its own message naming the file and what is wrong, exit code 1 (a file failed) or 2 (the
/// command line is wrong), no stack trace, nothing written for it, and the input as it was.
/// </summary>
public class BadInputTests : TempFixture
{
    [Test]
    public void NotAPeFile()
    {
        var input = Input("Bogus.dll", Encoding.UTF8.GetBytes("just text, not an assembly"));
        AssertFailsExactly(input, "not a PE file (Unknown file format).");
    }

    [Test]
    public void AnEmptyFile()
    {
        var input = Input("Empty.dll", Array.Empty<byte>());
        AssertFailsExactly(input, "not a PE file (Image is too small).");
    }

    [Test]
    public void ANativeLinuxLibraryNamedLikeAnAssembly()
    {
        var input = Input("coreclr.dll", File.ReadAllBytes(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "libcoreclr.so")));
        AssertFailsExactly(input, "not a PE file (an ELF file: native code for Linux, not a .NET assembly).");
    }

    [Test]
    public void ATruncatedAssembly()
    {
        // Cut inside the last section: the headers and even the metadata may be whole, but the file is not.
        var original = File.ReadAllBytes(Path.Combine(Paths.PackageUserOutput, "DriftLibrary.dll"));
        using var pe = new PEReader(new MemoryStream(original));
        var last = pe.PEHeaders.SectionHeaders.OrderBy(s => s.PointerToRawData).Last();
        var input = Input("DriftLibrary.dll", original.AsSpan(0, last.PointerToRawData + 16).ToArray());
        AssertFailsExactly(input, "is truncated: its section " + last.Name + " ends at byte " + (last.PointerToRawData + last.SizeOfRawData) + ", but the file has " + (last.PointerToRawData + 16) + " bytes.");
    }

    [Test]
    public void AReadOnlyOutputFolder()
    {
        var input = Input("DriftLibrary.dll", File.ReadAllBytes(Path.Combine(Paths.PackageUserOutput, "DriftLibrary.dll")));
        using var readOnly = ReadOnlyFolder.Create(Temp.File("out"));
        var before = ToolRun.Snapshot(Temp.Path);

        var weave = ToolRun.InProcess("weave", input, "--out", Temp.File("out"));
        Assert.That(weave.ExitCode, Is.EqualTo(1), weave.ToString());
        Assert.That(weave.Error, Is.EqualTo("error: " + input + ": could not be written to " + Path.Combine(Temp.File("out"), "DriftLibrary.dll") + " (no permission to write in " + Temp.File("out") + ").\n"));
        Assert.That(weave.Output, Does.EndWith("failed (nothing written for them): DriftLibrary.dll\n"));
        Assert.That(Directory.EnumerateFileSystemEntries(Temp.File("out")), Is.Empty, "no temporary file left behind");
        Assert.That(ToolRun.Snapshot(Temp.Path), Is.EqualTo(before));
    }

    [Test]
    public void InPlaceInAReadOnlyFolder()
    {
        var input = Input("DriftLibrary.dll", File.ReadAllBytes(Path.Combine(Paths.PackageUserOutput, "DriftLibrary.dll")));
        var folder = Path.GetDirectoryName(input)!;
        var before = ToolRun.Snapshot(folder);
        using var readOnly = ReadOnlyFolder.Create(folder);

        var weave = ToolRun.InProcess("weave", folder, "--in-place");
        Assert.That(weave.ExitCode, Is.EqualTo(1), weave.ToString());
        Assert.That(weave.Error, Is.EqualTo("error: " + input + ": could not be written to " + input + " (no permission to write in " + folder + ").\n"));
        Assert.That(ToolRun.Snapshot(folder), Is.EqualTo(before), "the input as it was, no temporary file left behind");
    }

    [Test]
    public void ALinkThatLoopsBackIsFollowedOnce()
    {
        var input = Input("DriftLibrary.dll", File.ReadAllBytes(Path.Combine(Paths.PackageUserOutput, "DriftLibrary.dll")));
        var folder = Path.GetDirectoryName(input)!;
        var loop = Path.Combine(folder, "again");
        Directory.CreateSymbolicLink(loop, folder);
        var warning = "warning: " + loop + ": a link to " + folder + ", which is listed already; passed over, so nothing below it is listed twice.\n";

        var scan = ToolRun.InProcess("scan", folder);
        Assert.That(scan.ExitCode, Is.EqualTo(0), scan.ToString());
        Assert.That(scan.Error, Is.EqualTo(warning + "[1/1] scanned DriftLibrary.dll: 1 call site (file 1)\n"));

        var weave = ToolRun.InProcess("weave", folder, "--out", Temp.File("out"));
        Assert.That(weave.ExitCode, Is.EqualTo(0), weave.ToString());
        Assert.That(weave.Error, Is.EqualTo(warning));
        Assert.That(Directory.EnumerateFileSystemEntries(Temp.File("out")).Select(Path.GetFileName), Is.EquivalentTo(new[] { "DriftLibrary.dll", "AuditWeaver.dll" }));
    }

    [Test]
    public void CorruptMetadata()
    {
        var bytes = File.ReadAllBytes(Path.Combine(Paths.PackageUserOutput, "DriftLibrary.dll"));
        var metadata = IndexOf(bytes, Encoding.ASCII.GetBytes("BSJB"));
        Assert.That(metadata, Is.GreaterThan(0));
        bytes[metadata + 12] = 0xFF; // the length of the version string, now far past the end of the metadata
        bytes[metadata + 13] = 0xFF;
        var input = Input("DriftLibrary.dll", bytes);
        AssertFailsExactly(input, "the metadata root is damaged (its version string claims 65535 bytes).");
    }

    [Test]
    public void DamagedIL()
    {
        // The headers and metadata are sound, so this is found only when the method's IL is decoded.
        var bytes = File.ReadAllBytes(Path.Combine(Paths.PackageUserOutput, "DriftLibrary.dll"));
        var (body, _) = FirstMethodBody(bytes, fat: false);
        Assert.That((bytes[body] & 3, bytes[body] >> 2), Is.EqualTo((2, 9)), "a tiny header: 9 bytes of IL");
        bytes.AsSpan(body + 1, 7).Fill(0xFE); // 0xFE opens a two-byte opcode, and 0xFE 0xFE is none
        var input = Input("DriftLibrary.dll", bytes);
        AssertFailsExactly(input, "the method body of DriftLibrary.Store::Save at RVA 0x2050 cannot be decoded (IL_0000 holds 0xFEFE, which is no opcode).");
    }

    [Test]
    public void AMethodBodyLongerThanItsSection()
    {
        // A fat method header whose code size runs past the end of the section: Cecil would read it without complaint.
        byte[] bytes;
        using (var module = OddShapesModule.Create())
        using (var image = new MemoryStream())
        {
            module.Write(image);
            bytes = image.ToArray();
        }

        var (body, method) = FirstMethodBody(bytes, fat: true);
        BitConverter.TryWriteBytes(bytes.AsSpan(body + 4), 0x00FFFFFF);
        var input = Input("OddShapes.dll", bytes);
        var message = AuditWeaver.Fody.Validation.ImageValidator.Validate(bytes, null, "OddShapes.pdb", metadataOnly: false);
        Assert.That(message, Does.StartWith("the method body of " + method + " at RVA 0x").And.EndWith(" cannot be decoded (its " + 0x00FFFFFF + " bytes of IL run past the end of its section)."));
        AssertFailsExactly(input, message!);
    }

    [Test]
    public void AnAssemblyThatCannotBeOpened()
    {
        var input = ToolRun.Dangling(Path.Combine(Temp.File("in"), "x.dll"));
        AssertFails(input, 1, "error: " + input + ": cannot be read (Could not find file '" + input + "').\n");
    }

    [Test]
    public void ADebugSymbolsFileThatCannotBeOpened()
    {
        var input = Input("DriftLibrary.dll", File.ReadAllBytes(Path.Combine(Paths.PackageUserOutput, "DriftLibrary.dll")));
        var pdb = ToolRun.Dangling(Path.ChangeExtension(input, ".pdb"));
        AssertFails(input, 1, "error: " + input + ": cannot be read (Could not find file '" + pdb + "').\n");
    }

    [Test]
    public void AReferenceThatCannotBeOpenedIsMissingAndTheRestIsScanned()
    {
        var folder = Temp.File("in");
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.EnumerateFiles(Paths.PackageUserOutput).Where(f => Path.GetFileName(f) != "CliWrap.dll"))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        var cliWrap = ToolRun.Dangling(Path.Combine(folder, "CliWrap.dll"));
        var before = ToolRun.Snapshot(folder);

        var result = ToolRun.InProcess("scan", folder, "--format", "json");
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Error, Does.Contain("error: " + cliWrap + ": cannot be read (Could not find file '" + cliWrap + "').\n"));
        Assert.That(result.Error, Does.Contain("error: " + Path.Combine(folder, "PackageUser.dll") + ": references CliWrap, Version="), "the resolver passes over the file it cannot open");
        Assert.That(result.Error, Does.Contain("scanned Serilog.dll"), "and scanning goes on");
        Assert.That(result.Error, Does.Not.Contain("   at "));
        Assert.That(ToolRun.Snapshot(folder), Is.EqualTo(before));
    }

    [Test]
    public void AReferenceThatCannotBeResolved()
    {
        // The app without its folder: DriftLibrary, which it calls, is nowhere to be found.
        var input = Input("PackageUser.dll", File.ReadAllBytes(Path.Combine(Paths.PackageUserOutput, "PackageUser.dll")));
        var sharedFramework = System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar);
        AssertFailsExactly(input, "references "
            + "Castle.Core, Version=5.0.0.0, Culture=neutral, PublicKeyToken=407dd0808d44fbdc; "
            + "CliWrap, Version=3.10.5.0, Culture=neutral, PublicKeyToken=337a390ad141274e; "
            + "DriftLibrary, Version=1.0.1.0, Culture=neutral, PublicKeyToken=null; "
            + "Flurl.Http, Version=4.0.2.0, Culture=neutral, PublicKeyToken=null; "
            + "Serilog, Version=4.4.0.0, Culture=neutral, PublicKeyToken=24c2f752a8e58a10; "
            + "Serilog.Sinks.File, Version=7.0.0.0, Culture=neutral, PublicKeyToken=24c2f752a8e58a10, "
            + "which are not in " + Temp.File("in") + ", " + sharedFramework + ", " + Path.GetFullPath(Paths.ReferencePack).TrimEnd(Path.DirectorySeparatorChar)
            + "; without them the assembly cannot be fully inspected. Put them next to the assembly or pass --reference <folder>.");
        Assert.That(ToolRun.InProcess("weave", input, "--out", Temp.File("out"), "--reference", Paths.PackageUserOutput).ExitCode, Is.EqualTo(0), "--reference names where it is");
    }

    [Test]
    public void AFolderWithOneBadFileWeavesTheRestAndWritesNothingForIt()
    {
        var folder = Temp.File("in");
        Directory.CreateDirectory(folder);
        File.Copy(Path.Combine(Paths.PackageUserOutput, "DriftLibrary.dll"), Path.Combine(folder, "DriftLibrary.dll"));
        File.WriteAllText(Path.Combine(folder, "Bogus.dll"), "not an assembly");
        var before = ToolRun.Snapshot(folder);

        var result = ToolRun.InProcess("weave", folder, "--out", Temp.File("out"));
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Output, Does.Contain("woven 1, skipped 0, failed 1 (of 2 assemblies)"));
        Assert.That(result.Output, Does.Contain("failed (nothing written for them): Bogus.dll"));
        Assert.That(Directory.EnumerateFiles(Temp.File("out")).Select(Path.GetFileName), Is.EquivalentTo(new[] { "DriftLibrary.dll", "AuditWeaver.dll" }));
        Assert.That(ToolRun.Snapshot(folder), Is.EqualTo(before));
    }

    [Test]
    public void AnotherFileThatCannotBeCopiedFailsAndTheRestIsWoven()
    {
        var folder = Temp.File("in");
        Directory.CreateDirectory(folder);
        File.Copy(Path.Combine(Paths.PackageUserOutput, "DriftLibrary.dll"), Path.Combine(folder, "DriftLibrary.dll"));
        var notes = ToolRun.Dangling(Path.Combine(folder, "notes.txt"));
        File.WriteAllText(Path.Combine(folder, "readme.txt"), "copied as it is");
        var before = ToolRun.Snapshot(folder);

        var result = ToolRun.InProcess("weave", folder, "--out", Temp.File("out"));
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Error, Is.EqualTo("error: " + notes + ": could not be copied to " + Path.Combine(Temp.File("out"), "notes.txt") + " (Could not find file '" + notes + "').\n"));
        Assert.That(result.Output, Does.Contain("woven 1, skipped 0, failed 0 (of 1 assemblies)"));
        Assert.That(result.Output, Does.Contain("failed (nothing written for them): notes.txt"));
        Assert.That(Directory.EnumerateFileSystemEntries(Temp.File("out")).Select(Path.GetFileName), Is.EquivalentTo(new[] { "DriftLibrary.dll", "AuditWeaver.dll", "readme.txt" }), "the rest is written, nothing for notes.txt, no temporary folder");
        Assert.That(ToolRun.Snapshot(folder), Is.EqualTo(before));
    }

    [TestCase(new[] { "weave", "{in}" }, "error: weave needs --out <folder> (or --in-place to rewrite the input).")]
    [TestCase(new[] { "weave", "{in}", "--out", "{in}/woven" }, "error: --out {in}/woven is inside the input folder; choose a folder outside it, or use --in-place.")]
    [TestCase(new[] { "weave", "{in}", "--in-place", "--out", "{out}" }, "error: --in-place and --out exclude each other")]
    [TestCase(new[] { "weave", "{temp}/missing.dll", "--out", "{out}" }, "error: input {temp}/missing.dll does not exist; give an assembly (.dll, .exe) or an application folder.")]
    [TestCase(new[] { "weave", "{in}", "--out", "{out}", "--colour" }, "error: Unrecognized command or argument '--colour'.")]
    [TestCase(new[] { "scan", "{in}", "--format", "xml" }, "error: Argument 'xml' not recognized. Must be one of:")]
    [TestCase(new[] { "weave", "{in}", "--out", "{out}", "--config", "{temp}/bad.xml" }, "error: {temp}/bad.xml(1,14): AW1002: AuditWeaver attribute Mode=\"Fast\" is not valid. Valid values: Audit, Report.")]
    [TestCase(new[] { "weave", "{in}", "--out", "{out}", "--config", "{temp}/broken.xml" }, "error: --config {temp}/broken.xml: is not well-formed XML: Unexpected end of file while parsing Name has occurred. Line 1, position 13.\n")]
    [TestCase(new[] { "weave", "{in}", "--out", "{out}", "--config", "{temp}/unknown.xml" }, "error: {temp}/unknown.xml(1,14): AW1001: AuditWeaver attribute Colour=\"red\" is not an AuditWeaver attribute. Valid attributes: Mode, ")]
    [TestCase(new[] { "weave", "{in}", "--out", "{out}", "--config", "{temp}/pattern.xml" }, "error: {temp}/pattern.xml(1,14): AW1006: AuditWeaver attribute IncludeNamespaces=\"Acme.[Db]\": 'Acme.[Db]' is not a name pattern: a dotted .NET name with * as a wildcard, for example Acme.Internal.*.\n")]
    [TestCase(new[] { "weave", "{in}", "--out", "{out}", "--config", "{temp}/api.xml" }, "error: {temp}/api.xml(1,19): AW1006: Api attribute pattern=\"Acme.Db.*\" is not a method's documentation-comment ID pattern. Expected M:Namespace.Type.Method(Parameter.Types), for example M:Acme.Db.Execute(System.String) or M:Acme.Db.*.\n")]
    [TestCase(new[] { "weave", "{in}", "--out", "{out}", "--key", "{temp}/bad.xml" }, "error: --key {temp}/bad.xml: is not a strong-name key pair (.snk)")]
    [TestCase(new[] { "weave", "{in}", "--out", "{out}", "--reference", "{temp}/nowhere" }, "error: --reference {temp}/nowhere is not a folder.")]
    [TestCase(new[] { "scan", "{in}", "--out", "{in}/DriftLibrary.dll" }, "error: --out {in}/DriftLibrary.dll is the input assembly {in}/DriftLibrary.dll; the report would replace it. Choose another file.\n")]
    [TestCase(new[] { "scan", "{in}/DriftLibrary.dll", "--baseline", "{in}/DriftLibrary.dll", "--update-baseline" }, "error: --baseline {in}/DriftLibrary.dll is the input assembly {in}/DriftLibrary.dll; the baseline would replace it. Choose another file.\n")]
    [TestCase(new[] { "scan", "{in}", "--update-baseline" }, "error: --update-baseline needs --baseline <file>: the file to write.")]
    [TestCase(new[] { "scan", "{in}", "--baseline", "{temp}/bad.xml" }, "error: --baseline {temp}/bad.xml is not a capability baseline")]
    // /proc/self/mem is there but cannot be read from its start, as a file without read permission is for a user (the
    // tests may run as root, who reads anything).
    [TestCase(new[] { "scan", "{in}", "--baseline", "/proc/self/mem" }, "error: --baseline /proc/self/mem: cannot be read (Input/output error : '/proc/self/mem').\n")]
    [TestCase(new[] { "scan", "{in}", "--baseline", "{temp}/missing.json" }, "error: --baseline {temp}/missing.json does not exist; write it first with --update-baseline.")]
    public void UsageErrors(string[] arguments, string message)
    {
        var input = Temp.File("in");
        Directory.CreateDirectory(input);
        File.Copy(Path.Combine(Paths.PackageUserOutput, "DriftLibrary.dll"), Path.Combine(input, "DriftLibrary.dll"));
        Temp.Write("bad.xml", "<AuditWeaver Mode='Fast' />");
        Temp.Write("broken.xml", "<AuditWeaver");
        Temp.Write("unknown.xml", "<AuditWeaver Colour='red' />");
        Temp.Write("pattern.xml", "<AuditWeaver IncludeNamespaces='Acme.[Db]' />");
        Temp.Write("api.xml", "<AuditWeaver><Api pattern='Acme.Db.*' event='db.query' /></AuditWeaver>");
        var before = ToolRun.Snapshot(Temp.Path);
        string Expand(string text) => text.Replace("{in}", input).Replace("{out}", Temp.File("out")).Replace("{temp}", Temp.Path);

        var result = ToolRun.InProcess(arguments.Select(Expand).ToArray());
        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Error, Does.StartWith(Expand(message)), result.ToString());
        Assert.That(result.Error, Does.Not.Contain("   at "), "no stack trace");
        Assert.That(ToolRun.Snapshot(Temp.Path), Is.EqualTo(before), "nothing written, nothing changed");
    }

    [TestCase("--out", "report.json")]
    [TestCase("--baseline", "capabilities.lock.json", "--update-baseline")]
    public void AnOutputThatCannotBeWrittenFailsTheScan(string option, string name, params string[] more)
    {
        var input = Input("DriftLibrary.dll", File.ReadAllBytes(Path.Combine(Paths.PackageUserOutput, "DriftLibrary.dll")));
        var notAFolder = Temp.Write("afile", "a file where the output's folder should be");
        var output = Path.Combine(notAFolder, name);
        var before = ToolRun.Snapshot(Temp.Path);

        var result = ToolRun.InProcess(new[] { "scan", input, option, output }.Concat(more).ToArray());
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Error, Does.EndWith("error: " + option + " " + output + ": cannot be written (The file '" + notAFolder + "' already exists).\n"), result.ToString());
        Assert.That(result.Error, Does.Not.Contain("   at "));
        Assert.That(ToolRun.Snapshot(Temp.Path), Is.EqualTo(before), "nothing written, nothing changed");
    }

    [Test]
    public void ErrorsComeFromTheProgramTooWithoutAStackTrace()
    {
        var input = Input("Bogus.dll", Encoding.UTF8.GetBytes("text"));
        var result = ToolRun.AsProgram("scan", input);
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Error, Does.Contain("error: " + input + ": not a PE file"));
        Assert.That(result.Error + result.Output, Does.Not.Contain("   at "));
    }

    private string Input(string name, byte[] bytes) => Temp.Write(Path.Combine("in", name), bytes);

    // The whole error output of weave and scan is the one line naming the file and what is wrong.
    private void AssertFailsExactly(string input, string problem)
    {
        AssertFails(input, 1, "error: " + input + ": " + problem + "\n");
        var weave = ToolRun.InProcess("weave", input, "--out", Temp.File("out"));
        Assert.That(weave.Error, Is.EqualTo("error: " + input + ": " + problem + "\n"));
        Assert.That(weave.Output, Is.EqualTo(
            "[1/1] failed  " + Path.GetFileName(input) + ": " + problem + "\n\n"
            + "woven 0, skipped 0, failed 1 (of 1 assemblies)\n\n"
            + "failed (nothing written for them): " + Path.GetFileName(input) + "\n"));
    }

    // Weaving and scanning the file both fail with the message; neither writes anything or changes the input.
    private void AssertFails(string input, int exitCode, string message)
    {
        var before = ToolRun.Snapshot(Temp.Path);
        var weave = ToolRun.InProcess("weave", input, "--out", Temp.File("out"));
        Assert.That(weave.ExitCode, Is.EqualTo(exitCode), weave.ToString());
        Assert.That(weave.Error, Does.StartWith(message), weave.ToString());
        Assert.That(weave.Error, Does.Not.Contain("   at "));
        Assert.That(Directory.Exists(Temp.File("out")) ? Directory.EnumerateFileSystemEntries(Temp.File("out")) : Enumerable.Empty<string>(), Is.Empty, "no output file");

        var scan = ToolRun.InProcess("scan", input, "--out", Temp.File("scan.json"), "--format", "json");
        Assert.That(scan.ExitCode, Is.EqualTo(exitCode), scan.ToString());
        Assert.That(scan.Error, Does.Contain(message), scan.ToString());
        Assert.That(ToolRun.Snapshot(Temp.File("in")), Is.EqualTo(before.Where(f => f.Key.StartsWith("in", StringComparison.Ordinal)).ToDictionary(f => f.Key.Substring(3), f => f.Value)));
    }

    // The file offset of the first method body's header of the given format (tiny or fat), and its method's name.
    private static (int Offset, string Method) FirstMethodBody(byte[] assembly, bool fat)
    {
        using var pe = new PEReader(new MemoryStream(assembly));
        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.MethodDefinitions)
        {
            var definition = metadata.GetMethodDefinition(handle);
            var rva = definition.RelativeVirtualAddress;
            if (rva == 0)
            {
                continue;
            }

            var section = pe.PEHeaders.SectionHeaders.Single(s => rva >= s.VirtualAddress && rva < s.VirtualAddress + s.VirtualSize);
            var offset = rva - section.VirtualAddress + section.PointerToRawData;
            if ((assembly[offset] & 3) == (fat ? 3 : 2))
            {
                var type = metadata.GetTypeDefinition(definition.GetDeclaringType());
                var name = metadata.GetString(type.Namespace) is { Length: > 0 } ns ? ns + "." + metadata.GetString(type.Name) : metadata.GetString(type.Name);
                return (offset, name + "::" + metadata.GetString(definition.Name));
            }
        }

        throw new InvalidOperationException("no " + (fat ? "fat" : "tiny") + " method header");
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Length; i++)
        {
            if (new ReadOnlySpan<byte>(haystack, i, needle.Length).SequenceEqual(needle))
            {
                return i;
            }
        }

        return -1;
    }
}
