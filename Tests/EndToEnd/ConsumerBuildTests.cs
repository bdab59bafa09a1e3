using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Security.Cryptography;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.EndToEnd;

/// <summary>
/// Fresh console apps that reference only the packed AuditWeaver.Fody, built and run with the dotnet CLI. Each test
/// carries several scenarios on one app, because a restore and a build are the slow part.
/// </summary>
public class ConsumerBuildTests
{
    private const string SignedConfiguration = "Release";
    private const string SignedFramework = "net10.0";

    [Test]
    public void MultiTargetedDebugConsumerIsWovenForEachFrameworkAndIncrementalBuildsNeitherReweaveNorAcceptAFailedWeave()
    {
        const string Configuration = "Debug";
        var frameworks = new[] { "net8.0", "net10.0" };
        using var app = ConsumerProject.Create(PackageFeed.Current, string.Join(";", frameworks));

        var build = app.Build(Configuration);
        Assert.That(build.ExitCode, Is.EqualTo(0), build.ToString());
        foreach (var framework in frameworks)
        {
            AssertAuditedAndDenied(app, Configuration, framework);
        }

        // Fody wrote the schema of the configuration, from the .xcf beside the weaver in the package, and the build copied
        // the weave report next to the output.
        Assert.That(File.ReadAllText(app.PathOf("FodyWeavers.xsd")), Does.Contain("name=\"AuditWeaver\"").And.Contain("name=\"Deny\""));
        foreach (var framework in frameworks)
        {
            var report = Path.Combine(Path.GetDirectoryName(app.OutputAssembly(Configuration, framework))!, Path.GetFileNameWithoutExtension(app.OutputAssembly(Configuration, framework)) + ".auditweaver.json");
            Assert.That(File.Exists(report), Is.True, report);
            Assert.That(File.ReadAllText(report), Does.Contain("\"event\": \"file.delete\""));
        }

        // Nothing changed: the assembly is neither recompiled nor rewoven, and what is there is still woven.
        var before = frameworks.ToDictionary(f => f, f => Stamp(app, Configuration, f));
        var unchanged = app.Build(Configuration);
        Assert.That(unchanged.ExitCode, Is.EqualTo(0), unchanged.ToString());
        foreach (var framework in frameworks)
        {
            Assert.That(Stamp(app, Configuration, framework), Is.EqualTo(before[framework]), framework + ": an up-to-date build rewrote the assembly");
        }

        AssertAuditedAndDenied(app, Configuration, "net10.0");

        // A weave that fails (here AuditWeaver rejects its configuration) fails the build, and keeps failing it: the next
        // build must not find the compiled, unwoven assembly up to date and ship it.
        app.WriteWeaversFile(QuickStart.WeaversFile.Replace("<AuditWeaver />", "<AuditWeaver Mode=\"Fast\" />", StringComparison.Ordinal));
        var failed = app.Build(Configuration);
        Assert.That(failed.ExitCode, Is.Not.EqualTo(0), failed.ToString());
        Assert.That(failed.Output, Does.Contain("AW1002: AuditWeaver attribute Mode=\"Fast\" is not valid. Valid values: Audit, Report."));
        var again = app.Build(Configuration);
        Assert.That(again.ExitCode, Is.Not.EqualTo(0), "a build after a failed weave succeeded:" + Environment.NewLine + again);

        // So does a call site outside an allow list: every build repeats the violation until it is fixed, instead of the
        // second one stopping at Fody's "already processed" (or shipping the assembly the first one refused).
        app.WriteWeaversFile(QuickStart.WeaversFile.Replace("<AuditWeaver />", "<AuditWeaver><Allow assembly=\"MyApp\" categories=\"process\" /></AuditWeaver>", StringComparison.Ordinal));
        foreach (var attempt in new[] { "first", "second" })
        {
            var refused = app.Build(Configuration);
            Assert.Multiple(() =>
            {
                Assert.That(refused.ExitCode, Is.Not.EqualTo(0), attempt + " build with an allow-list violation succeeded:" + Environment.NewLine + refused);
                Assert.That(refused.Output, Does.Contain("MyApp: file.open is not in its <Allow> list (process): Program.Main calls M:System.IO.File.WriteAllText(System.String,System.String) at " + app.ProgramPath + ":" + app.AuditedWriteLine + "."), attempt + " build");
                Assert.That(refused.Output, Does.Not.Contain("already been processed"), attempt + " build");
            });
        }

        app.WriteWeaversFile(QuickStart.WeaversFile);
        var repaired = app.Build(Configuration);
        Assert.That(repaired.ExitCode, Is.EqualTo(0), repaired.ToString());
        AssertAuditedAndDenied(app, Configuration, "net8.0");
    }

    [Test]
    public void StrongNamedReleaseConsumerIsWovenAndStillValidlySigned()
    {
        var key = StrongNameKey.Create();
        using var app = SignedReleaseApp(key, delaySign: false);
        var output = BuildAndRunRelease(app);

        // Fody rewrote the compiled assembly, so it must have signed it again with the app's key.
        var name = AssemblyName.GetAssemblyName(output);
        Assert.Multiple(() =>
        {
            Assert.That(name.GetPublicKey(), Is.EqualTo(key.PublicKey));
            Assert.That(name.GetPublicKeyToken(), Is.EqualTo(key.PublicKeyToken));
            Assert.That(StrongNameSignature.IsValid(output), Is.True, "the woven assembly's signature does not match its content");
        });

        // The check itself: it accepts what the compiler signed (the runtime) and rejects a one-byte change.
        Assert.That(StrongNameSignature.IsValid(typeof(AuditWeaver.Audit).Assembly.Location), Is.True);
        var tampered = app.PathOf("tampered.dll");
        var bytes = File.ReadAllBytes(output);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(tampered, bytes);
        Assert.That(StrongNameSignature.IsValid(tampered), Is.False);
    }

    [Test]
    public void DelaySignedConsumerIsWovenAndKeepsItsIdentity()
    {
        var key = StrongNameKey.Create();
        using var app = SignedReleaseApp(key, delaySign: true);
        var output = BuildAndRunRelease(app);

        // Fody had no private key to sign with: the identity stays, and the signature is left for the release step.
        Assert.Multiple(() =>
        {
            Assert.That(AssemblyName.GetAssemblyName(output).GetPublicKey(), Is.EqualTo(key.PublicKey));
            Assert.That(StrongNameSignature.IsValid(output), Is.False, "nothing could sign it");
        });
    }

    // An app signed with the key pair, or delay-signed with only its public key (what sn -p writes: the assembly's public
    // key blob).
    private static ConsumerProject SignedReleaseApp(StrongNameKey key, bool delaySign)
    {
        var properties = new Dictionary<string, string>
        {
            ["SignAssembly"] = "true",
            ["AssemblyOriginatorKeyFile"] = "key.snk",
        };
        if (delaySign)
        {
            properties["DelaySign"] = "true";
        }

        var app = ConsumerProject.Create(PackageFeed.Current, SignedFramework, properties);
        File.WriteAllBytes(app.PathOf("key.snk"), delaySign ? key.PublicKey : key.KeyPair);
        return app;
    }

    // Builds it, checks that it was audited, and returns the woven output.
    private static string BuildAndRunRelease(ConsumerProject app)
    {
        var build = app.Build(SignedConfiguration);
        Assert.That(build.ExitCode, Is.EqualTo(0), build.ToString());
        AssertAuditedAndDenied(app, SignedConfiguration, SignedFramework);
        return app.OutputAssembly(SignedConfiguration, SignedFramework);
    }

    // The app printed the quick start's events for its write, with the call site's source line, and the hook's
    // refusal left the file on disk.
    private static void AssertAuditedAndDenied(ConsumerProject app, string configuration, string framework)
    {
        using var data = new TempDirectory();
        var run = app.Run(configuration, framework, data.Path);
        var kept = Path.Combine(data.Path, "kept.txt");
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
            Assert.That(run.Output, Does.Contain(
                "file.open(path: \"" + kept + "\", mode: \"Create\", access: \"Write\") api=M:System.IO.File.WriteAllText(System.String,System.String)"
                + " caller=Program.Main at " + app.ProgramPath + ":" + app.AuditedWriteLine), framework + " " + configuration + ": " + run);
            Assert.That(run.Output, Does.Contain("denied: Audit event 'file.delete' was denied"), run.ToString());
            Assert.That(File.Exists(kept), Is.True, "the denied delete went ahead");
        });
    }

    // What identifies a written assembly: its time stamp and its content, in obj/ (where Fody weaves) and bin/.
    private static string Stamp(ConsumerProject app, string configuration, string framework) =>
        string.Join(" ", new[] { app.IntermediateAssembly(configuration, framework), app.OutputAssembly(configuration, framework) }
            .Select(p => File.GetLastWriteTimeUtc(p).Ticks + ":" + Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(p)))));
}
