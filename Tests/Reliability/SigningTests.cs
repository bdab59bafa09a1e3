using System.IO;
using System.Reflection;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Reliability;

/// <summary>
/// DebugLibrary signed by the compiler, fully and delay-signed, through the tool: with its key the woven assembly is
/// validly signed; delay-signed without a key it stays delay-signed with its identity; either way the PDB still matches
/// and the woven code runs.
/// </summary>
public class SigningTests : TempFixture
{
    private static string KeyFile => Path.Combine(Paths.RepositoryRoot, "Fixtures", "DebugLibrary", "DebugLibrary.snk");

    [TestCase("signed")]
    [TestCase("delaysigned")]
    public void WithItsKeyTheWovenAssemblyIsValidlySignedAndRuns(string flavour)
    {
        var input = DebugLibraryWeaves.CopyInput(flavour, Temp.File("in"));
        Assert.That(StrongNameSignature.IsValid(input), Is.EqualTo(flavour == "signed"));

        var woven = DebugLibraryWeaves.WithTool(input, Temp.File("out"), "--key", KeyFile);

        Assert.That(AssemblyName.GetAssemblyName(woven).GetPublicKeyToken(), Is.EqualTo(AssemblyName.GetAssemblyName(input).GetPublicKeyToken()));
        Assert.That(StrongNameSignature.IsValid(woven), Is.True);
        using (var image = DebugImage.Open(woven))
        {
            Assert.That(image.PdbMismatch(), Is.Null);
        }

        WovenDebugLibrary.RunAndAssert(woven, hasSymbols: true);
    }

    [Test]
    public void DelaySignedWithoutAKeyStaysDelaySignedWithItsIdentityAndRuns()
    {
        var input = DebugLibraryWeaves.CopyInput("delaysigned", Temp.File("in"));

        var woven = DebugLibraryWeaves.WithTool(input, Temp.File("out"));

        Assert.That(AssemblyName.GetAssemblyName(woven).GetPublicKey(), Is.EqualTo(AssemblyName.GetAssemblyName(input).GetPublicKey()));
        Assert.That(StrongNameSignature.IsValid(woven), Is.False, "nothing signed it");
        WovenDebugLibrary.RunAndAssert(woven, hasSymbols: true);
    }
}
