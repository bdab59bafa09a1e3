using System;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Security.Cryptography;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Reliability;

/// <summary>
/// DebugLibrary (async, iterator, lambdas, nested scopes, try/finally, audited calls in each) with a portable, an
/// embedded and no PDB, woven by the engine as Fody runs it, by FodyHelpers' test path and by the tool. Read back with
/// System.Reflection.Metadata, every method keeps its breakpoints, scopes, local names, constants, await points, async
/// catch handler (or its absence) and hoisted-local ranges on the same user instructions; documents, embedded sources and Source Link are unchanged; the
/// PDB still matches the assembly; and the woven code runs, reporting and throwing from the user's lines.
/// </summary>
public class DebugInformationTests : TempFixture
{
    [TestCase("portable")]
    [TestCase("embedded")]
    public void TheEngineKeepsEveryMethodsDebugInformation(string flavour)
    {
        var input = DebugLibraryWeaves.CopyInput(flavour, Temp.File("in"));
        AssertKept(input, DebugLibraryWeaves.WithEngine(input, Temp.File("out")));
    }

    [TestCase("portable")]
    [TestCase("embedded")]
    public void TheToolKeepsEveryMethodsDebugInformation(string flavour)
    {
        var input = DebugLibraryWeaves.CopyInput(flavour, Temp.File("in"));
        AssertKept(input, DebugLibraryWeaves.WithTool(input, Temp.File("out")));
    }

    [Test]
    public void TheFodyTestPathKeepsEveryMethodsDebugInformation()
    {
        var input = DebugLibraryWeaves.CopyInput("embedded", Temp.File("in"));
        AssertKept(input, DebugLibraryWeaves.WithFodyHelper(input, "debuginfo"));
    }

    [Test]
    public void WithoutAPdbBothFrontsWeaveAndTheDebugDirectoryStaysAsItWas()
    {
        var input = DebugLibraryWeaves.CopyInput("none", Temp.File("in"));
        foreach (var woven in new[] { DebugLibraryWeaves.WithEngine(input, Temp.File("engine")), DebugLibraryWeaves.WithTool(input, Temp.File("tool")) })
        {
            Assert.That(File.Exists(Path.ChangeExtension(woven, ".pdb")), Is.False, woven);
            using (var original = DebugImage.Open(input))
            using (var image = DebugImage.Open(woven))
            {
                Assert.That(image.Pdb, Is.Null);
                Assert.That(EntryTypes(image), Is.EquivalentTo(EntryTypes(original)), woven);
            }

            WovenDebugLibrary.RunAndAssert(woven, hasSymbols: false);
        }
    }

    private static void AssertKept(string input, string woven)
    {
        using (var original = DebugImage.Open(input))
        using (var image = DebugImage.Open(woven))
        {
            Assert.That(original.Pdb, Is.Not.Null, "the fixture has a PDB");
            Assert.That(image.Pdb, Is.Not.Null, "the woven assembly has a PDB");
            Assert.That(image.PdbMismatch(), Is.Null, "the woven assembly's debug directory must name its own PDB");
            Assert.That(EntryTypes(image), Is.EquivalentTo(EntryTypes(original)));

            // Cecil writes only the documents some sequence point names: a file without method bodies (the generated
            // assembly attributes) loses its document and its embedded source. Every other document stays as it was.
            Assert.That(Documents(image.Pdb!, all: true), Is.EqualTo(Documents(original.Pdb!, all: false)));
            Assert.That(Documents(original.Pdb!, all: false).Select(d => d.Split(' ')[0]), Is.EquivalentTo(new[] { "/_/DebugLibrary/Steps.cs", "/_/DebugLibrary/Callbacks.cs" }));
            Assert.That(Documents(original.Pdb!, all: false), Has.All.Contains(" " + Sha256Kind + " ").And.All.Contains(EmbeddedSourceKind));
            Assert.That(ModuleCustomDebugInformation(image.Pdb!), Is.EqualTo(ModuleCustomDebugInformation(original.Pdb!)));
            Assert.That(ModuleCustomDebugInformation(original.Pdb!).Any(i => i.StartsWith(SourceLinkKind, StringComparison.Ordinal)), Is.True, "the fixture has Source Link");

            var methods = DebugInfoComparison.Methods(original, image).ToList();
            Assert.Multiple(() =>
            {
                foreach (var (method, before, after) in methods)
                {
                    Assert.That(after, Is.EqualTo(before), method);
                }
            });

            // The comparison covered what it is meant to: the awaits (of async Task methods, which name no catch handler,
            // and of an async void one, which does), the hoisted locals, the scopes with names.
            var facts = methods.SelectMany(m => m.Original).ToList();
            Assert.That(facts.Count(f => f.StartsWith("async awaits @", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(2));
            Assert.That(facts.Count(f => f == "async catch none"), Is.GreaterThanOrEqualTo(1));
            Assert.That(facts.Count(f => f.StartsWith("async catch @", StringComparison.Ordinal)), Is.EqualTo(1));
            Assert.That(facts.Count(f => f.StartsWith("hoisted locals", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(2));
            Assert.That(facts.Count(f => f.Contains("constants Copies=", StringComparison.Ordinal)), Is.EqualTo(1));
            TestContext.Out.WriteLine(Path.GetFileName(Path.GetDirectoryName(woven)) + ": " + methods.Count + " methods, " + facts.Count(f => f.StartsWith("sp ", StringComparison.Ordinal)) + " sequence points, "
                + facts.Count(f => f.StartsWith("scope ", StringComparison.Ordinal)) + " scopes compared");
        }

        WovenDebugLibrary.RunAndAssert(woven, hasSymbols: true);
    }

    private const string SourceLinkKind = "cc110556-a091-4d38-9fec-25ab9a351a6a";
    private const string EmbeddedSourceKind = "0e8a571b-6926-466e-b4ad-8ab04611f5fe";
    private const string Sha256Kind = "8829d00f-11b8-4213-878b-770e8597ac16";

    private static string[] EntryTypes(DebugImage image) => image.Entries.Select(e => e.Type.ToString()).ToArray();

    // Name, hash and language of each document (all, or those a sequence point names), and its custom debug information
    // (the embedded source) by hash.
    private static string[] Documents(MetadataReader pdb, bool all) => pdb.Documents.Where(d => all || pdb.MethodDebugInformation.Any(m => pdb.GetMethodDebugInformation(m).GetSequencePoints().Any(p => p.Document == d))).Select(handle =>
    {
        var document = pdb.GetDocument(handle);
        var embedded = pdb.GetCustomDebugInformation(handle).Select(pdb.GetCustomDebugInformation)
            .Select(i => pdb.GetGuid(i.Kind) + " " + Convert.ToHexString(SHA256.HashData(pdb.GetBlobBytes(i.Value))));
        return pdb.GetString(document.Name) + " " + pdb.GetGuid(document.HashAlgorithm) + " " + Convert.ToHexString(pdb.GetBlobBytes(document.Hash))
            + " " + pdb.GetGuid(document.Language) + " [" + string.Join(", ", embedded) + "]";
    }).ToArray();

    private static string[] ModuleCustomDebugInformation(MetadataReader pdb) =>
        pdb.GetCustomDebugInformation(EntityHandle.ModuleDefinition).Select(pdb.GetCustomDebugInformation)
            .Select(i => pdb.GetGuid(i.Kind) + " " + Convert.ToHexString(SHA256.HashData(pdb.GetBlobBytes(i.Value))))
            .ToArray();
}
