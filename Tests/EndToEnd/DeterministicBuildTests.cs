using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.PortableExecutable;
using System.Text;
using NUnit.Framework;

namespace Tests.EndToEnd;

/// <summary>
/// One app in two folders, built deterministically with its paths mapped (as CI builds are), through the real Fody
/// package: the woven assembly must not depend on where the sources were.
/// </summary>
public class DeterministicBuildTests
{
    private const string Configuration = "Release";
    private const string Framework = "net10.0";

    [Test]
    public void WithAnEmbeddedPdbTwoFoldersGiveTheSameBytes()
    {
        var (first, second) = BuildTwice("embedded");
        Assert.That(first.Bytes, Is.EqualTo(second.Bytes), "the woven assemblies differ");
        Assert.That(Encoding.UTF8.GetString(first.Bytes), Does.Not.Contain(first.Folder), "no local path is recorded");
    }

    [Test]
    public void WithAPortablePdbTheOnlyDifferenceIsThePdbPathFodyRecords()
    {
        // Fody writes the woven module after the compiler, and Cecil records the full path of the PDB it writes; the
        // compiler's PathMap is not applied to it (Fody issue 1196). Embedded PDBs have no path. This pins the limit
        // docs/reliability.md states: if Fody or Cecil starts mapping the path, the first assertion fails.
        var (first, second) = BuildTwice("portable");
        var firstPdb = CodeViewPath(first.Bytes);
        Assert.That(firstPdb, Is.EqualTo(Path.Combine(first.Folder, "obj", Configuration, Framework, ConsumerProject.Name + ".pdb")));
        var secondPdb = CodeViewPath(second.Bytes);
        Assert.That(firstPdb, Has.Length.EqualTo(secondPdb.Length), "temp folders have names of one length");
        Assert.That(Replace(first.Bytes, firstPdb, secondPdb), Is.EqualTo(second.Bytes), "nothing else differs");
    }

    private static ((byte[] Bytes, string Folder) First, (byte[] Bytes, string Folder) Second) BuildTwice(string debugType)
    {
        var properties = new Dictionary<string, string>
        {
            ["Deterministic"] = "true",
            ["DebugType"] = debugType,
            ["PathMap"] = "$(MSBuildProjectDirectory)=/_/",
        };
        using var first = ConsumerProject.Create(PackageFeed.Current, Framework, properties);
        using var second = ConsumerProject.Create(PackageFeed.Current, Framework, properties);
        return (Build(first), Build(second));
    }

    private static (byte[] Bytes, string Folder) Build(ConsumerProject app)
    {
        var build = app.Build(Configuration);
        Assert.That(build.ExitCode, Is.EqualTo(0), build.ToString());
        var output = app.OutputAssembly(Configuration, Framework);
        using (var module = Mono.Cecil.ModuleDefinition.ReadModule(output))
        {
            Assert.That(module.GetType("<AuditWeaver>Sites"), Is.Not.Null, "woven");
        }

        return (File.ReadAllBytes(output), app.Directory);
    }

    private static string CodeViewPath(byte[] assembly)
    {
        using var pe = new PEReader(new MemoryStream(assembly));
        var codeView = pe.ReadDebugDirectory().Single(e => e.Type == DebugDirectoryEntryType.CodeView);
        return pe.ReadCodeViewDebugDirectoryData(codeView).Path;
    }

    private static byte[] Replace(byte[] bytes, string from, string to)
    {
        var text = Encoding.Latin1.GetString(bytes);
        return Encoding.Latin1.GetBytes(text.Replace(Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(from)), Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(to)), System.StringComparison.Ordinal));
    }
}
