using System;
using System.IO;
using System.Linq;
using AuditWeaver.Tool.SingleFile;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Tool.SingleFile;

/// <summary>A bundle the tool cannot handle fails that file with one line saying why and exit code 1; nothing is written.</summary>
public class BadBundleTests : TempFixture
{
    [Test]
    public void ACutBundleIsOneLineAndNothingIsWritten()
    {
        var bundle = Temp.Write("in/App", File.ReadAllBytes(SingleFileApps.Bundle(SingleFileApps.FrameworkDependent)).AsSpan(0, 80_000).ToArray());
        var weave = ToolRun.InProcess("weave", bundle, "--out", Temp.File("out"));
        Assert.That(weave.ExitCode, Is.EqualTo(1), weave.ToString());
        Assert.That(weave.Error, Does.Match(@"^error: " + Escaped(bundle) + @": its bundle header offset \(\d+\) is outside the file \(80000 bytes\): the bundle is damaged\.\n$"));
        Assert.That(weave.Output, Is.Empty);
        Assert.That(Directory.Exists(Temp.File("out")) && Directory.EnumerateFileSystemEntries(Temp.File("out")).Any(), Is.False);

        var scan = ToolRun.InProcess("scan", bundle);
        Assert.That(scan.ExitCode, Is.EqualTo(1), scan.ToString());
        Assert.That(scan.Error, Is.EqualTo(weave.Error));
    }

    [Test]
    public void AnEntryThatDoesNotInflateIsNamed()
    {
        var original = SingleFileBundle.Open(SingleFileApps.Bundle(SingleFileApps.Compressed));
        var bytes = File.ReadAllBytes(original.Path);
        var entry = original.Manifest.Entries.First(e => e.IsCompressed && e.RelativePath == "System.Private.CoreLib.dll");
        bytes.AsSpan((int)entry.Offset, 64).Fill(0xff);
        var bundle = Temp.Write("in/App", bytes);

        var weave = ToolRun.InProcess("weave", bundle, "--in-place");
        Assert.That(weave.ExitCode, Is.EqualTo(1), weave.ToString());
        Assert.That(weave.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(1));
        Assert.That(weave.Error, Does.StartWith("error: " + bundle + ": System.Private.CoreLib.dll ").And.EndWith(": the bundle is damaged.\n"));
        Assert.That(File.ReadAllBytes(bundle), Is.EqualTo(bytes), "the input is left as it was");
    }

    [Test]
    public void AManifestPointingOutsideTheFileIsOneLine()
    {
        // The SDK's bundle with its manifest rewritten so that one entry lies past the header.
        var original = SingleFileBundle.Open(SingleFileApps.Bundle(SingleFileApps.FrameworkDependent));
        var bytes = File.ReadAllBytes(original.Path);
        using var stream = new MemoryStream();
        stream.Write(bytes);
        Assert.That(BundleMarker.TryFind(stream, out var marker, out var headerOffset), Is.True);
        stream.SetLength(headerOffset);
        stream.Position = headerOffset;
        var damaged = original.Manifest with { Entries = original.Manifest.Entries.Select((e, i) => i == 0 ? e with { Size = bytes.Length } : e).ToList() };
        damaged.Write(stream);
        var bundle = Temp.Write("in/App", stream.ToArray());

        // In a folder too: the folder fails, naming the bundle.
        var weave = ToolRun.InProcess("weave", Temp.File("in"), "--out", Temp.File("out"));
        Assert.That(weave.ExitCode, Is.EqualTo(1), weave.ToString());
        Assert.That(weave.Error, Is.EqualTo("error: " + bundle + ": " + original.Manifest.Entries[0].RelativePath + " lies outside the bundle's data (offset " + original.Manifest.Entries[0].Offset + ", " + bytes.Length + " bytes): the bundle is damaged.\n"));
        Assert.That(File.Exists(Temp.File("out/App")), Is.False);
        _ = marker;
    }

    private static string Escaped(string text) => System.Text.RegularExpressions.Regex.Escape(text);
}
