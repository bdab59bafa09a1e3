using System.Collections.Generic;
using System.IO;
using System.Linq;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Tool;

/// <summary>
/// Fixtures/NativeWrappers, an app opening SQLite databases through Microsoft.Data.Sqlite and SQLitePCLRaw and images
/// through SkiaSharp (whose native libraries open the files), woven as a folder by the tool and run: its own hook prints each file.open with
/// whether the file existed at that moment, and the native calls that open. The catalog's package entries must name the
/// database's full path before SQLite touches it, and a refusal must leave no file behind.
/// </summary>
[NonParallelizable]
public class NativeWrapperTests
{
    private TempDirectory _temp = null!;
    private ProcessResult _weave = null!;

    private string Woven => _temp.File("woven");

    [OneTimeSetUp]
    public void Weave()
    {
        _temp = new TempDirectory();
        _weave = ToolRun.InProcess("weave", Paths.NativeWrappersOutput, "--out", Woven);
    }

    [OneTimeTearDown]
    public void Delete() => _temp?.Dispose();

    [Test]
    public void ThePackagesAreWoven()
    {
        Assert.That(_weave.ExitCode, Is.EqualTo(0), _weave.ToString());
        foreach (var assembly in new[] { "NativeWrappers.dll", "Microsoft.Data.Sqlite.dll", "SQLitePCLRaw.core.dll", "SQLitePCLRaw.provider.e_sqlite3.dll", "SkiaSharp.dll" })
        {
            Assert.That(_weave.Output, Does.Match(@"\] woven\s+" + assembly.Replace(".", "\\.", System.StringComparison.Ordinal) + ": "), assembly);
        }
    }

    /// <summary>
    /// DbConnection.Open, OpenAsync (DbConnection's, which calls Open) and the C API alike: each open of a relative data
    /// source raises file.open with the full path (against the current directory) while the file does not exist yet,
    /// before the P/Invoke's native.call, from the code that hands the file to SQLite.
    /// </summary>
    [TestCase("open", "Microsoft.Data.Sqlite.SqliteConnectionInternal..ctor")]
    [TestCase("openasync", "Microsoft.Data.Sqlite.SqliteConnectionInternal..ctor")]
    [TestCase("raw", "Program.Main")]
    public void OpeningADatabaseNamesItsFileFirst(string scenario, string caller)
    {
        var folder = Folder(scenario);
        var run = Run(folder, scenario, "data.db");

        var database = Path.Combine(folder, "data.db");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(Lines(run), Is.EqualTo(new[]
        {
            "event file.open " + database + " OpenOrCreate ReadWrite exists=False caller=" + caller,
            "event native.call e_sqlite3 sqlite3_open_v2",
        }), run.ToString());
        Assert.That(run.Output, Does.Contain("opened"));
        Assert.That(File.Exists(database), Is.True, "the database was created after the event");
    }

    /// <summary>SqliteConnection.Open reached by reflection raises file.open at the reflecting site, then again inside the package.</summary>
    [Test]
    public void ReflectionOnTheConnectionsOpenNamesTheFileToo()
    {
        var folder = Folder("reflection");
        var run = Run(folder, "reflection", "data.db");

        var database = Path.Combine(folder, "data.db");
        Assert.That(Lines(run).Where(l => l.StartsWith("event file.open", System.StringComparison.Ordinal)), Is.EqualTo(new[]
        {
            "event file.open " + database + " OpenOrCreate ReadWrite exists=False caller=Program.Main",
            "event file.open " + database + " OpenOrCreate ReadWrite exists=False caller=Microsoft.Data.Sqlite.SqliteConnectionInternal..ctor",
        }), run.ToString());
    }

    [TestCase("open")]
    [TestCase("raw")]
    public void ARefusingHookStopsTheOpenAndNoFileIsCreated(string scenario)
    {
        var folder = Folder("deny-" + scenario);
        var run = Run(folder, scenario, "data.db", "deny");

        var database = Path.Combine(folder, "data.db");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Output, Does.Contain("refused: denied: " + database).And.Not.Contain("native.call").And.Not.Contain("opened"), run.ToString());
        Assert.That(Directory.EnumerateFileSystemEntries(folder), Is.Empty, "no database, journal or WAL file");
    }

    /// <summary>
    /// An in-memory database has no file: path is ":memory:". Mode=ReadOnly opens without creating, for reading, and
    /// fails on a missing file as it would unwoven.
    /// </summary>
    [TestCase("open", ":memory:", ":memory: OpenOrCreate ReadWrite")]
    [TestCase("open", "data.db;Mode=ReadOnly", "{0} Open Read")]
    [TestCase("open", "data.db;Mode=ReadWrite", "{0} Open ReadWrite")]
    public void ModeAndAccessFollowTheConnectionString(string scenario, string source, string expected)
    {
        var folder = Folder("mode");
        var run = Run(folder, scenario, source);

        var line = Lines(run).FirstOrDefault(l => l.StartsWith("event file.open", System.StringComparison.Ordinal));
        Assert.That(line, Does.StartWith("event file.open " + string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, Path.Combine(folder, "data.db")) + " exists=False"), run.ToString());
    }

    /// <summary>
    /// SkiaSharp: writing through SKFileWStream (called by the app) and SKBitmap.Decode (which reaches SKFileStream inside
    /// the package) each raise file.open before libSkiaSharp opens the file; refused, nothing is written or read.
    /// </summary>
    [Test]
    public void SkiaSharpNamesTheImageFileBeforeItsNativeLibraryOpensIt()
    {
        var folder = Folder("skia");
        var image = Path.Combine(folder, "image.png");

        var write = Run(folder, "skia-write", image);
        var read = Run(folder, "skia-read", image);

        Assert.That(Lines(write), Is.EqualTo(new[] { "event file.open " + image + " Create Write exists=False caller=Program.Main" }), write.ToString());
        Assert.That(write.Output, Does.Contain("encoded: True"));
        Assert.That(Lines(read), Is.EqualTo(new[] { "event file.open " + image + " Open Read exists=True caller=SkiaSharp.SKFileStream.OpenStream" }), read.ToString());
        Assert.That(read.Output, Does.Contain("decoded: 3x2"));
    }

    [Test]
    public void ARefusingHookStopsSkiaSharpsWriteAndRead()
    {
        var folder = Folder("skia-deny");
        var image = Path.Combine(folder, "image.png");

        var write = Run(folder, "skia-write", image, "deny");
        Assert.That(write.Output, Does.Contain("refused: denied: " + image).And.Not.Contain("encoded"), write.ToString());
        Assert.That(File.Exists(image), Is.False);

        Assert.That(Run(folder, "skia-write", image).ExitCode, Is.EqualTo(0));
        var read = Run(folder, "skia-read", image, "deny");
        Assert.That(read.Output, Does.Contain("refused: denied: " + image).And.Not.Contain("decoded"), read.ToString());
    }

    private string Folder(string name)
    {
        var folder = _temp.File(name + "-" + TestContext.CurrentContext.Test.ID);
        Directory.CreateDirectory(folder);
        return folder;
    }

    private ProcessResult Run(string folder, params string[] arguments) =>
        ProcessRunner.Run("dotnet", new[] { Path.Combine(Woven, "NativeWrappers.dll") }.Concat(arguments), workingDirectory: folder);

    private static List<string> Lines(ProcessResult run) =>
        run.Output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("event ", System.StringComparison.Ordinal)).ToList();
}
