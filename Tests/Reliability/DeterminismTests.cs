using System;
using System.IO;
using System.Linq;
using System.Text;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Reliability;

/// <summary>
/// DebugLibrary is built deterministically with its paths mapped to /_/. Weaving it twice, from and into different
/// folders, gives the same bytes (assembly and PDB), and nothing in them names a folder of this machine: the site
/// table's source files are the mapped ones, and the PDB is named without a folder.
/// </summary>
public class DeterminismTests : TempFixture
{
    [TestCase("portable")]
    [TestCase("embedded")]
    [TestCase("none")]
    public void TheToolWeavesTheSameInputToTheSameBytesWherever(string flavour)
    {
        var first = DebugLibraryWeaves.WithTool(DebugLibraryWeaves.CopyInput(flavour, Temp.File("a/in")), Temp.File("a/out"));
        var second = DebugLibraryWeaves.WithTool(DebugLibraryWeaves.CopyInput(flavour, Temp.File("second-input/in")), Temp.File("second-input/woven"));

        AssertSameBytes(first, second);
        AssertNoLocalPath(first);
        if (flavour != "none")
        {
            Assert.That(IndexOf(File.ReadAllBytes(first), Encoding.Unicode.GetBytes("/_/DebugLibrary/Steps.cs")), Is.GreaterThanOrEqualTo(0), "the site table names the mapped source file");
            using var image = DebugImage.Open(first);
            Assert.That(image.PdbPathInImage, Is.EqualTo("DebugLibrary.pdb"));
            Assert.That(image.PdbMismatch(), Is.Null);
        }
    }

    [Test]
    public void TheFodyTestPathWeavesTheSameInputToTheSameBytes()
    {
        var input = DebugLibraryWeaves.CopyInput("embedded", Temp.File("in"));
        var first = File.ReadAllBytes(DebugLibraryWeaves.WithFodyHelper(input, "determinism-1"));
        var second = DebugLibraryWeaves.WithFodyHelper(input, "determinism-2");

        Assert.That(File.ReadAllBytes(second), Is.EqualTo(first));
        AssertNoLocalPath(second);
    }

    [Test]
    public void TheEngineWritesTheSamePdbAndTheAssemblyDiffersOnlyByThePdbPathItIsGiven()
    {
        var first = DebugLibraryWeaves.WithEngine(DebugLibraryWeaves.CopyInput("portable", Temp.File("a/in")), Temp.File("a/out"));
        var second = DebugLibraryWeaves.WithEngine(DebugLibraryWeaves.CopyInput("portable", Temp.File("b/in")), Temp.File("b/out"));

        Assert.That(File.ReadAllBytes(Path.ChangeExtension(second, ".pdb")), Is.EqualTo(File.ReadAllBytes(Path.ChangeExtension(first, ".pdb"))));

        // Cecil names the PDB by the full path it wrote it to, as Fody does for every add-in (Fody issue 1196); the tool
        // avoids this. With that path made equal, the assemblies are the same bytes.
        var firstBytes = File.ReadAllBytes(first);
        var secondBytes = File.ReadAllBytes(second);
        var firstPath = Encoding.UTF8.GetBytes(Path.ChangeExtension(first, ".pdb"));
        var secondPath = Encoding.UTF8.GetBytes(Path.ChangeExtension(second, ".pdb"));
        Assert.That(firstPath, Has.Length.EqualTo(secondPath.Length));
        Assert.That(Replace(secondBytes, secondPath, firstPath), Is.EqualTo(firstBytes));
    }

    private static void AssertSameBytes(string first, string second)
    {
        Assert.That(File.ReadAllBytes(second), Is.EqualTo(File.ReadAllBytes(first)), "assembly");
        var pdb = Path.ChangeExtension(first, ".pdb");
        Assert.That(File.Exists(Path.ChangeExtension(second, ".pdb")), Is.EqualTo(File.Exists(pdb)));
        if (File.Exists(pdb))
        {
            Assert.That(File.ReadAllBytes(Path.ChangeExtension(second, ".pdb")), Is.EqualTo(File.ReadAllBytes(pdb)), "PDB");
        }
    }

    // The assembly and a PDB beside it (an embedded PDB is compressed: its paths are the documents', compared elsewhere).
    private static void AssertNoLocalPath(string woven)
    {
        foreach (var file in new[] { woven, Path.ChangeExtension(woven, ".pdb") }.Where(File.Exists))
        {
            var bytes = File.ReadAllBytes(file);
            foreach (var local in new[] { Paths.RepositoryRoot.TrimEnd('/'), Path.GetTempPath().TrimEnd('/'), ".auditweaver-" })
            {
                Assert.That(IndexOf(bytes, Encoding.UTF8.GetBytes(local)), Is.EqualTo(-1), file + " names " + local);
                Assert.That(IndexOf(bytes, Encoding.Unicode.GetBytes(local)), Is.EqualTo(-1), file + " names " + local + " (UTF-16)");
            }
        }
    }

    private static int IndexOf(byte[] bytes, byte[] part) => bytes.AsSpan().IndexOf(part);

    private static byte[] Replace(byte[] bytes, byte[] part, byte[] replacement)
    {
        var copy = bytes.ToArray();
        var at = IndexOf(copy, part);
        Assert.That(at, Is.GreaterThanOrEqualTo(0));
        replacement.CopyTo(copy, at);
        return copy;
    }
}
