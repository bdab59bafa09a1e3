using System.IO;
using System.Reflection;
using Mono.Cecil;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Tool;

/// <summary>Strong-named inputs keep their identity; with --key and the matching key pair they are validly re-signed.</summary>
public class StrongNameTests : TempFixture
{
    [Test]
    public void WithItsKeyTheWovenAssemblyIsValidlySigned()
    {
        var key = StrongNameKey.Create();
        var keyFile = Temp.File("library.snk");
        File.WriteAllBytes(keyFile, key.KeyPair);
        var input = SignedLibrary(key);

        var result = ToolRun.InProcess("weave", input, "--out", Temp.File("out"), "--key", keyFile);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        var woven = Temp.File("out/DriftLibrary.dll");
        Assert.That(AssemblyName.GetAssemblyName(woven).GetPublicKeyToken(), Is.EqualTo(key.PublicKeyToken));
        Assert.That(StrongNameSignature.IsValid(woven), Is.True);
        Assert.That(result.Output, Does.Contain("note: strong name: identity kept (public key token " + System.Convert.ToHexStringLower(key.PublicKeyToken) + ") and re-signed with " + keyFile + "."));
    }

    [Test]
    public void WithoutItsKeyTheIdentityStaysAndTheOutputSaysTheSignatureIsNotValid()
    {
        var key = StrongNameKey.Create();
        var input = SignedLibrary(key);
        var otherKey = Temp.File("other.snk");
        File.WriteAllBytes(otherKey, StrongNameKey.Create().KeyPair);

        var result = ToolRun.InProcess("weave", input, "--out", Temp.File("out"), "--key", otherKey);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        var woven = Temp.File("out/DriftLibrary.dll");
        Assert.That(AssemblyName.GetAssemblyName(woven).GetPublicKeyToken(), Is.EqualTo(key.PublicKeyToken), "another key never replaces the assembly's identity");
        Assert.That(StrongNameSignature.IsValid(woven), Is.False);
        Assert.That(result.Output, Does.Contain("but its signature is no longer valid: fine on .NET, which does not check it; .NET Framework refuses to load it. --key " + otherKey + " is the key of public key token"));
    }

    // DriftLibrary, signed with a fresh key by Cecil, as a vendor's strong-named DLL would be.
    private string SignedLibrary(StrongNameKey key)
    {
        var input = Temp.File("in/DriftLibrary.dll");
        Directory.CreateDirectory(Temp.File("in"));
        using (var module = ModuleDefinition.ReadModule(Path.Combine(Paths.PackageUserOutput, "DriftLibrary.dll")))
        {
            module.Assembly.Name.PublicKey = key.PublicKey;
            module.Attributes |= ModuleAttributes.StrongNameSigned;
            module.Write(input, new WriterParameters { StrongNameKeyBlob = key.KeyPair });
        }

        Assert.That(StrongNameSignature.IsValid(input), Is.True, "the input is validly signed to begin with");
        return input;
    }
}
