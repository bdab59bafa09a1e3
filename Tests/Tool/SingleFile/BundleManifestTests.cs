using System.IO;
using System.Linq;
using AuditWeaver.Tool.SingleFile;
using NUnit.Framework;

namespace Tests.Tool.SingleFile;

/// <summary>The manifest reader and writer: byte-exact on the SDK's own bundles, and strict about damage.</summary>
public class BundleManifestTests
{
    [TestCase(SingleFileApps.FrameworkDependent)]
    [TestCase(SingleFileApps.SelfContained)]
    [TestCase(SingleFileApps.Compressed)]
    public void TheSdksManifestIsWrittenBackByteForByte(string kind)
    {
        using var stream = File.OpenRead(SingleFileApps.Bundle(kind));
        Assert.That(BundleMarker.TryFind(stream, out var marker, out var headerOffset), Is.True);
        var manifest = BundleManifest.Read(stream, headerOffset, marker + BundleMarker.Length);
        Assert.That(manifest.Entries.Select(e => e.Type), Does.Contain(BundleFileType.DepsJson).And.Contain(BundleFileType.RuntimeConfigJson).And.Contain(BundleFileType.Assembly));
        Assert.That(manifest.Entries.Any(e => e.IsCompressed), Is.EqualTo(kind == SingleFileApps.Compressed));

        var original = new byte[stream.Length - headerOffset];
        stream.Position = headerOffset;
        stream.ReadExactly(original);
        var written = new MemoryStream();
        written.Write(new byte[headerOffset]);
        Assert.That(manifest.Write(written), Is.EqualTo(headerOffset));
        Assert.That(written.ToArray().Skip((int)headerOffset).ToArray(), Is.EqualTo(original));
    }

    [TestCase(6u)]
    [TestCase(2u)]
    public void AManifestReadsBackAsItWasWritten(uint version)
    {
        var manifest = new BundleManifest(version, 0, "an-id", BundleManifest.NetCoreApp3CompatMode, new[]
        {
            new BundleEntry(100, 10, version >= 6 ? 4 : 0, BundleFileType.Assembly, "App.dll"),
            new BundleEntry(104, 7, 0, BundleFileType.DepsJson, "App.deps.json"),
            new BundleEntry(111, 3, 0, BundleFileType.NativeBinary, "runtimes/linux-x64/native/libé.so"),
        });
        var read = RoundTrip(manifest);
        Assert.That(read with { Entries = manifest.Entries }, Is.EqualTo(manifest));
        Assert.That(read.Entries, Is.EqualTo(manifest.Entries));
    }

    [TestCase("../outside.dll", "is not a plain relative path")]
    [TestCase("/etc/passwd", "is not a plain relative path")]
    [TestCase("a//b.dll", "is not a plain relative path")]
    public void PathsThatLeaveTheFolderAreRefused(string path, string message)
    {
        var manifest = new BundleManifest(6, 0, "id", 0, new[] { new BundleEntry(100, 1, 0, BundleFileType.Assembly, path) });
        Assert.That(() => RoundTrip(manifest), Throws.TypeOf<BundleFormatException>().With.Message.EqualTo("its manifest has a file path '" + path + "' that " + message + ": the bundle is damaged."));
    }

    [Test]
    public void DamageIsNamed()
    {
        static BundleEntry Entry(string path, long offset = 100, long size = 1, BundleFileType type = BundleFileType.Assembly) => new(offset, size, 0, type, path);
        Assert.Multiple(() =>
        {
            Assert.That(() => RoundTrip(new BundleManifest(6, 0, "id", 0, new[] { Entry("a.dll"), Entry("a.dll", 101) })), Throws.TypeOf<BundleFormatException>().With.Message.EqualTo("its manifest lists a.dll twice: the bundle is damaged."));
            Assert.That(() => RoundTrip(new BundleManifest(6, 0, "id", 0, new[] { Entry("a.dll", type: (BundleFileType)9) })), Throws.TypeOf<BundleFormatException>().With.Message.EqualTo("its manifest has a file of unknown type 9: the bundle is damaged."));
            Assert.That(() => RoundTrip(new BundleManifest(6, 0, "id", 0, new[] { Entry("a.dll", offset: 10) })), Throws.TypeOf<BundleFormatException>().With.Message.EqualTo("a.dll lies outside the bundle's data (offset 10, 1 bytes): the bundle is damaged."));
            Assert.That(() => RoundTrip(new BundleManifest(6, 0, "id", 0, new[] { Entry("a.dll", size: 1000) })), Throws.TypeOf<BundleFormatException>().With.Message.EqualTo("a.dll lies outside the bundle's data (offset 100, 1000 bytes): the bundle is damaged."));
            Assert.That(() => RoundTrip(new BundleManifest(1, 0, "id", 0, new[] { Entry("a.dll") })), Throws.TypeOf<BundleFormatException>().With.Message.StartsWith("it is a .NET Core 3 bundle (version 1.0)"));
            Assert.That(() => RoundTrip(new BundleManifest(7, 0, "id", 0, new[] { Entry("a.dll") })), Throws.TypeOf<BundleFormatException>().With.Message.StartsWith("its bundle version is 7.0;"));
            Assert.That(() => RoundTrip(new BundleManifest(6, 0, "a/b", 0, new[] { Entry("a.dll") })), Throws.TypeOf<BundleFormatException>().With.Message.StartsWith("its bundle ID 'a/b' is not a folder name"));
            Assert.That(() => RoundTrip(new BundleManifest(6, 0, "id", 0, new[] { Entry("a.dll") }), cut: 5), Throws.TypeOf<BundleFormatException>().With.Message.StartsWith("its manifest cannot be read to its end"));
        });
    }

    // The manifest written after 200 bytes of data (entries must lie in 40..200), and read back.
    private static BundleManifest RoundTrip(BundleManifest manifest, int cut = 0)
    {
        var stream = new MemoryStream();
        stream.Write(new byte[200]);
        var headerOffset = manifest.Write(stream);
        stream.SetLength(stream.Length - cut);
        return BundleManifest.Read(stream, headerOffset, BundleMarker.Length);
    }
}
