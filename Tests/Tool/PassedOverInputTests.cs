using System;
using System.Collections.Immutable;
using System.IO;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Mono.Cecil;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Tool;

/// <summary>
/// Files that are PE images but have nothing to weave are passed over, not failed: each gets its own reason, the command
/// succeeds, nothing is written for it, and the input is as it was. In a folder they are copied unchanged (the app needs
/// them); given alone, there is nothing to write.
/// </summary>
public class PassedOverInputTests : TempFixture
{
    [Test]
    public void ANativeWindowsLibraryAloneIsNothingToWeaveOrScan()
    {
        // Not a .NET assembly at all: succeeding on it would say it had been audited.
        var input = Input("capstone.dll", NativeLibraryImage());
        var before = ToolRun.Snapshot(Temp.Path);
        foreach (var verb in new[] { "weave", "scan" })
        {
            var run = verb == "weave" ? ToolRun.InProcess(verb, input, "--out", Temp.File("out")) : ToolRun.InProcess(verb, input);
            Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
            Assert.That(run.Error, Is.EqualTo("error: " + input + ": native code, not a .NET assembly; nothing to " + verb + ".\n"));
            Assert.That(run.Output, Is.Empty);
        }

        Assert.That(ToolRun.Snapshot(Temp.Path), Is.EqualTo(before), "nothing written");
    }

    [Test]
    public void AFolderWithoutAnyNetAssemblyIsNothingToWeaveOrScan()
    {
        Input("capstone.dll", NativeLibraryImage());
        Temp.Write(Path.Combine("in", "readme.txt"), new byte[] { 0x68, 0x69 });
        var folder = Temp.File("in");
        foreach (var verb in new[] { "weave", "scan" })
        {
            var run = verb == "weave" ? ToolRun.InProcess(verb, folder, "--out", Temp.File("out")) : ToolRun.InProcess(verb, folder);
            Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
            Assert.That(run.Error, Is.EqualTo("error: " + folder + ": no .NET assembly in it (1 .dll or .exe file, native code); nothing to " + verb + ".\n"));
        }

        Directory.CreateDirectory(Temp.File("empty"));
        var empty = ToolRun.InProcess("weave", Temp.File("empty"), "--out", Temp.File("out"));
        Assert.That(empty.ExitCode, Is.EqualTo(1), empty.ToString());
        Assert.That(empty.Error, Is.EqualTo("error: " + Temp.File("empty") + ": no .NET assembly in it (no .dll or .exe file); nothing to weave.\n"));
        Assert.That(Directory.Exists(Temp.File("out")), Is.False, "nothing written");
    }

    [Test]
    public void AReferenceAssembly() =>
        AssertPassedOver(Input("System.Runtime.dll", File.ReadAllBytes(Path.Combine(Paths.ReferencePack, "System.Runtime.dll"))), "a reference assembly (metadata only, no code runs from it)");

    [Test]
    public void AResourceOnlySatelliteAssembly() =>
        AssertPassedOver(Input("DriftLibrary.resources.dll", SatelliteImage()), "a resource-only satellite assembly (culture de)");

    [Test]
    public void AnAssemblyWovenBefore()
    {
        var first = ToolRun.InProcess("weave", Path.Combine(Paths.PackageUserOutput, "DriftLibrary.dll"), "--out", Temp.File("woven"));
        Assert.That(first.ExitCode, Is.EqualTo(0), first.ToString());
        AssertPassedOver(Input("DriftLibrary.dll", File.ReadAllBytes(Path.Combine(Temp.File("woven"), "DriftLibrary.dll"))), "already woven by AuditWeaver");
    }

    [Test]
    public void AMixedModeAssembly()
    {
        // No C++/CLI compiler runs here and no mixed-mode assembly is in any package served, so the CLR header of a compiled
        // library gets what MSVC's /clr writes there: ILOnly cleared, and no ReadyToRun header (which also clears it).
        var bytes = File.ReadAllBytes(Path.Combine(Paths.PackageUserOutput, "DriftLibrary.dll"));
        using (var pe = new PEReader(new MemoryStream(bytes)))
        {
            var cor = pe.PEHeaders.CorHeaderStartOffset;
            Assert.That(pe.PEHeaders.CorHeader!.Flags & CorFlags.ILOnly, Is.EqualTo(CorFlags.ILOnly));
            bytes[cor + 16] &= unchecked((byte)~(int)CorFlags.ILOnly); // Flags follow cb, the runtime version and the metadata directory
        }

        AssertPassedOver(Input("DriftLibrary.dll", bytes), "a mixed-mode (C++/CLI) assembly, whose native code cannot be rewritten");
    }

    [Test]
    public void InAFolderTheyAreCopiedUnchangedBesideTheWovenOnes()
    {
        var folder = Temp.File("in");
        Directory.CreateDirectory(folder);
        File.Copy(Path.Combine(Paths.PackageUserOutput, "DriftLibrary.dll"), Path.Combine(folder, "DriftLibrary.dll"));
        File.WriteAllBytes(Path.Combine(folder, "capstone.dll"), NativeLibraryImage());
        Directory.CreateDirectory(Path.Combine(folder, "de"));
        File.WriteAllBytes(Path.Combine(folder, "de", "DriftLibrary.resources.dll"), SatelliteImage());
        var before = ToolRun.Snapshot(folder);

        var weave = ToolRun.InProcess("weave", folder, "--out", Temp.File("out"));
        Assert.That(weave.ExitCode, Is.EqualTo(0), weave.ToString());
        Assert.That(weave.Output, Does.Contain("woven 1, skipped 2, failed 0 (of 3 assemblies)\n"));
        var after = ToolRun.Snapshot(Temp.File("out"));
        Assert.That(after["capstone.dll"], Is.EqualTo(before["capstone.dll"]));
        Assert.That(after[Path.Combine("de", "DriftLibrary.resources.dll")], Is.EqualTo(before[Path.Combine("de", "DriftLibrary.resources.dll")]));
        Assert.That(after["DriftLibrary.dll"], Is.Not.EqualTo(before["DriftLibrary.dll"]));
        Assert.That(ToolRun.Snapshot(folder), Is.EqualTo(before));
    }

    private void AssertPassedOver(string input, string reason)
    {
        var name = Path.GetFileName(input);
        var before = ToolRun.Snapshot(Temp.Path);

        var weave = ToolRun.InProcess("weave", input, "--out", Temp.File("out"));
        Assert.That(weave.ExitCode, Is.EqualTo(0), weave.ToString());
        Assert.That(weave.Output, Is.EqualTo(
            "[1/1] skipped " + name + ": " + reason + "\n\n"
            + "woven 0, skipped 1, failed 0 (of 1 assemblies)\n"
            + "  skipped 1: " + reason + "\n"));
        Assert.That(weave.Error, Is.Empty);
        Assert.That(Directory.Exists(Temp.File("out")), Is.False, "nothing to write");

        var scan = ToolRun.InProcess("scan", input);
        Assert.That(scan.ExitCode, Is.EqualTo(0), scan.ToString());
        Assert.That(scan.Error, Is.EqualTo("[1/1] skipped " + name + ": " + reason + "\n"));
        Assert.That(scan.Output, Does.StartWith("skipped " + name + ": " + reason + "\n"));
        Assert.That(ToolRun.Snapshot(Temp.Path), Is.EqualTo(before), "nothing written, nothing changed");
    }

    private string Input(string name, byte[] bytes) => Temp.Write(Path.Combine("in", name), bytes);

    // A Windows x64 DLL with one code section (a lone ret) and no CLR header, as a C compiler would write one.
    private static byte[] NativeLibraryImage()
    {
        var image = new BlobBuilder();
        new NativeLibrary().Serialize(image);
        return image.ToArray();
    }

    // What the resource generator and linker write for a culture: an assembly with a culture, a resource, and no code.
    private static byte[] SatelliteImage()
    {
        using var assembly = Mono.Cecil.AssemblyDefinition.CreateAssembly(
            new AssemblyNameDefinition("DriftLibrary.resources", new Version(1, 0, 1, 0)) { Culture = "de" },
            "DriftLibrary.resources.dll",
            ModuleKind.Dll);
        assembly.MainModule.Resources.Add(new EmbeddedResource("DriftLibrary.Strings.de.resources", ManifestResourceAttributes.Public, new byte[] { 0xCE, 0xCA, 0xEF, 0xBE }));
        using var image = new MemoryStream();
        assembly.Write(image);
        return image.ToArray();
    }

    private sealed class NativeLibrary : PEBuilder
    {
        internal NativeLibrary()
            : base(new PEHeaderBuilder(Machine.Amd64, imageCharacteristics: Characteristics.Dll | Characteristics.ExecutableImage | Characteristics.LargeAddressAware), deterministicIdProvider: null)
        {
        }

        protected override ImmutableArray<Section> CreateSections() =>
            ImmutableArray.Create(new Section(".text", SectionCharacteristics.ContainsCode | SectionCharacteristics.MemExecute | SectionCharacteristics.MemRead));

        protected override BlobBuilder SerializeSection(string name, SectionLocation location)
        {
            var code = new BlobBuilder();
            code.WriteByte(0xC3);
            return code;
        }

        protected override PEDirectoriesBuilder GetDirectories() => new();
    }
}
