using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AuditWeaver;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Weaving;

/// <summary>Every group of file APIs: the right event, the right arguments, once, before the API runs; denial leaves no trace.</summary>
public class FileTests : TempFixture
{
    private readonly dynamic _files = Woven.Create("FileScenarios");

    [Test]
    public void ReadingAFile()
    {
        var path = Temp.Write("a.txt", "hello");
        string text = null!;
        var e = Expect.Raises("file.open", new object?[] { path, "Open", "Read" }, () => text = _files.ReadAllText(path));
        Assert.That(text, Is.EqualTo("hello"));
        Assert.That(e.Api, Is.EqualTo("M:System.IO.File.ReadAllText(System.String)"));
        Assert.That(e.Caller, Is.EqualTo("AssemblyToProcess.FileScenarios.ReadAllText"));
        Assert.That(e.ArgumentNames, Is.EqualTo(new[] { "path", "mode", "access" }));
    }

    [Test]
    public void WritingAFileIsAuditedBeforeTheFileExists()
    {
        var path = Temp.File("new.txt");
        var existedWhenRaised = true;
        using (var recorder = AuditRecorder.Start(e =>
        {
            if (e.Name == "file.open")
            {
                existedWhenRaised = File.Exists(path);
            }

            return false;
        }))
        {
            _files.WriteAllText(path, "x");
            Assert.That(recorder.Single("file.open").Arguments, Is.EqualTo(new object?[] { path, "Create", "Write" }));
        }

        Assert.That(existedWhenRaised, Is.False, "the event is raised before the API runs");
        Assert.That(File.ReadAllText(path), Is.EqualTo("x"));
    }

    [Test]
    public void DeniedWritesCreateNothing()
    {
        var path = Temp.File("denied.txt");
        Expect.Denied("file.open", () => _files.WriteAllText(path, "x"));
        Expect.Denied("file.open", () => _files.WriteAllTextFromSpan(path, "x"));
        Expect.Denied("file.open", () => _files.AppendAllLines(path, new[] { "x" }));
        Expect.Denied("file.open", () => _files.WriteWithFileStream(path, new byte[] { 1 }));
        Expect.Denied("file.open", () => _files.WriteWithOptions(path, new byte[] { 1 }));
        Expect.Denied("file.open", () => _files.AppendWithStreamWriter(path, "x"));
        Assert.That(File.Exists(path), Is.False);
    }

    [Test]
    public void SpanContentsAreCapturedWithoutTouchingTheSpan()
    {
        var path = Temp.File("span.txt");
        Expect.Raises("file.open", new object?[] { path, "Create", "Write" }, () => _files.WriteAllTextFromSpan(path, "from a span"));
        Assert.That(File.ReadAllText(path), Is.EqualTo("from a span"));
    }

    [Test]
    public void AsyncApisAreDeniedAtTheCallSiteBeforeAnyTaskExists()
    {
        var path = Temp.Write("async.txt", "x");
        using var recorder = AuditRecorder.Denying("file.open");

        // ReadAllBytesAsync is called directly (the scenario is not an async method): a denial inside a returned task
        // would not throw here, so Assert.Throws is the check that the call site refused synchronously.
        var denied = Assert.Throws<AuditDeniedException>(() => _files.ReadAllBytesAsync(path));
        Assert.That(denied!.Event, Is.SameAs(recorder.Single("file.open")));
        Assert.That(denied.Event!.Api, Is.EqualTo("M:System.IO.File.ReadAllBytesAsync(System.String,System.Threading.CancellationToken)"));
    }

    [Test]
    public void AsyncApisAreAuditedWithTheirArguments()
    {
        var path = Temp.Write("async.txt", "xyz");
        byte[] bytes = null!;
        Expect.Raises("file.open", new object?[] { path, "Open", "Read" }, () => bytes = ((Task<byte[]>)_files.ReadAllBytesAsync(path)).Result);
        Assert.That(bytes, Has.Length.EqualTo(3));
    }

    [Test]
    public void ProbingAFile()
    {
        var path = Temp.Write("p.txt", "x");
        bool exists = false;
        Expect.Raises("file.stat", new object?[] { path, "exists" }, () => exists = _files.Exists(path));
        Assert.That(exists, Is.True);
        Expect.Raises("file.stat", new object?[] { path, "attributes" }, () => _files.GetAttributes(path));
        Expect.Raises("file.stat", new object?[] { path, "attributes" }, () => _files.FileInfoLength(path));
        Expect.Raises("file.stat", new object?[] { path, "exists" }, () => _files.FileInfoExists(path));
    }

    [Test]
    public void DeletingAFile()
    {
        var path = Temp.Write("d.txt", "x");
        Expect.Denied("file.delete", () => _files.Delete(path));
        Assert.That(File.Exists(path), Is.True, "a denied delete leaves the file");

        var stillThere = false;
        using (var recorder = AuditRecorder.Start(e =>
        {
            stillThere |= e.Name == "file.delete" && File.Exists(path);
            return false;
        }))
        {
            _files.Delete(path);
            Assert.That(recorder.Single("file.delete").Arguments, Is.EqualTo(new object?[] { path }));
        }

        Assert.That(stillThere, Is.True, "the event is raised while the file still exists");
        Assert.That(File.Exists(path), Is.False);
    }

    [Test]
    public void DeletingThroughFileInfoNamesTheFullPath()
    {
        var path = Temp.Write("fi.txt", "x");
        var e = Expect.Raises("file.delete", new object?[] { path }, () => _files.FileInfoDelete(path));
        Assert.That(e.Api, Is.EqualTo("M:System.IO.FileSystemInfo.Delete"), "the call compiles to the base declaration, and that is what is cataloged");
        Assert.That(File.Exists(path), Is.False);
    }

    [Test]
    public void CopyingMovingReplacing()
    {
        var source = Temp.Write("s.txt", "s");
        var copy = Temp.File("c.txt");
        Expect.Raises("file.copy", new object?[] { source, copy, true }, () => _files.Copy(source, copy));
        Expect.Denied("file.copy", () => _files.FileInfoCopyTo(source, Temp.File("c2.txt")));
        Assert.That(File.Exists(Temp.File("c2.txt")), Is.False);

        var moved = Temp.File("m.txt");
        Expect.Denied("file.move", () => _files.Move(copy, moved));
        Assert.That(File.Exists(copy) && !File.Exists(moved), Is.True);
        Expect.Raises("file.move", new object?[] { copy, moved }, () => _files.Move(copy, moved));

        var backup = Temp.File("b.txt");
        Expect.Raises("file.replace", new object?[] { moved, source, backup }, () => _files.Replace(moved, source, backup));
        Assert.That(File.ReadAllText(source), Is.EqualTo("s"));
        Assert.That(File.Exists(backup), Is.True);
    }

    [Test]
    public void DirectoriesAreCreatedListedAndDeleted()
    {
        var directory = Path.Combine(Temp.Path, "sub");
        Expect.Denied("file.mkdir", () => _files.CreateDirectory(directory));
        Assert.That(Directory.Exists(directory), Is.False);
        Expect.Raises("file.mkdir", new object?[] { directory }, () => _files.CreateDirectory(directory));

        File.WriteAllText(Path.Combine(directory, "one.txt"), "1");
        File.WriteAllText(Path.Combine(directory, "two.log"), "2");
        string[] names = null!;
        Expect.Raises("file.list", new object?[] { directory, "*.txt" }, () => names = _files.ListFiles(directory));
        Assert.That(names, Is.EqualTo(new[] { "one.txt" }));
        int count = 0;
        Expect.Raises("file.list", new object?[] { directory, "*" }, () => count = _files.CountEntries(directory));
        Assert.That(count, Is.EqualTo(2));

        var child = Path.Combine(directory, "child");
        Expect.Raises("file.mkdir", new object?[] { child }, () => _files.SubdirectoryOf(directory, "child"));

        Expect.Denied("file.rmdir", () => _files.DeleteDirectory(directory, true));
        Assert.That(Directory.Exists(directory), Is.True);
        Expect.Raises("file.rmdir", new object?[] { directory, true }, () => _files.DirectoryInfoDelete(directory));
        Assert.That(Directory.Exists(directory), Is.False);
    }

    [Test]
    public void TemporaryDirectoriesNameTheTempFolderAndPrefix()
    {
        string created = null!;
        Expect.Raises("file.mkdir", new object?[] { Path.Combine(Path.GetTempPath(), "aw-test-*") }, () => created = _files.CreateTempSubdirectory("aw-test-"));
        Directory.Delete(created);
    }

    [Test]
    public void AttributesTimesAndLinks()
    {
        var path = Temp.Write("t.txt", "x");
        var time = new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Local);
        Expect.Raises("file.setattr", new object?[] { path, "LastWriteTime", time }, () => _files.SetLastWriteTime(path, time));
        Assert.That(File.GetLastWriteTime(path), Is.EqualTo(time));

        Expect.Denied("file.setattr", () => _files.SetReadOnly(path, true));
        Assert.That(new FileInfo(path).IsReadOnly, Is.False);
        Expect.Raises("file.setattr", new object?[] { path, "readonly", true }, () => _files.SetReadOnly(path, true));
        new FileInfo(path).IsReadOnly = false;

        var link = Temp.File("link.txt");
        Expect.Denied("file.symlink", () => _files.CreateSymbolicLink(link, path));
        Assert.That(File.Exists(link), Is.False);
        Expect.Raises("file.symlink", new object?[] { link, path }, () => _files.CreateSymbolicLink(link, path));
        Assert.That(new FileInfo(link).LinkTarget, Is.EqualTo(path));
    }

    [Test]
    public void HandlesStreamsReadersAndWriters()
    {
        var path = Temp.Write("h.txt", "abc");
        long length = 0;
        Expect.Raises("file.open", new object?[] { path, "Open", "Read" }, () => length = _files.OpenHandleLength(path));
        Assert.That(length, Is.EqualTo(3));

        string text = null!;
        Expect.Raises("file.open", new object?[] { path, "Open", "Read" }, () => text = _files.ReadWithStreamReader(path));
        Assert.That(text, Is.EqualTo("abc"));

        Expect.Raises("file.open", new object?[] { path, "Append", "Write" }, () => _files.AppendWithStreamWriter(path, "d"));
        Assert.That(File.ReadAllText(path), Is.EqualTo("abcd"));

        var created = Temp.File("fs.bin");
        Expect.Raises("file.open", new object?[] { created, "Create", "ReadWrite" }, () => _files.WriteWithFileStream(created, new byte[] { 1, 2 }));
        var options = Temp.File("options.bin");
        Expect.Raises("file.open", new object?[] { options, "CreateNew", "Write" }, () => _files.WriteWithOptions(options, new byte[] { 1 }));
        Assert.That(new FileInfo(options).Length, Is.EqualTo(1));
    }

    [Test]
    public void ZipArchives()
    {
        var source = Path.Combine(Temp.Path, "src");
        Directory.CreateDirectory(source);
        File.WriteAllText(Path.Combine(source, "f.txt"), "zip me");
        var archive = Temp.File("a.zip");
        Expect.Denied("file.archive", () => _files.Zip(source, archive));
        Assert.That(File.Exists(archive), Is.False);
        Expect.Raises("file.archive", new object?[] { source, archive }, () => _files.Zip(source, archive));

        int entries = 0;
        Expect.Raises("file.open", new object?[] { archive, "Open", "Read" }, () => entries = _files.ZipEntryCount(archive));
        Assert.That(entries, Is.EqualTo(1));

        var target = Path.Combine(Temp.Path, "out");
        Expect.Denied("file.extract", () => _files.Unzip(archive, target));
        Assert.That(Directory.Exists(target) && Directory.EnumerateFiles(target).Any(), Is.False);
        Expect.Raises("file.extract", new object?[] { archive, target }, () => _files.Unzip(archive, target));
        Assert.That(File.ReadAllText(Path.Combine(target, "f.txt")), Is.EqualTo("zip me"));
    }

    [Test]
    public void TheApisOwnExceptionsAreUnchanged()
    {
        var missing = Temp.File("missing.txt");
        using var recorder = AuditRecorder.Start();
        Assert.Throws<FileNotFoundException>(() => _files.ReadAllText(missing));
        Assert.Throws<DirectoryNotFoundException>(() => _files.ListFiles(Path.Combine(Temp.Path, "nope")));
        Assert.That(recorder.Named("file.open"), Has.Count.EqualTo(1), "the event is raised even when the API then fails");
    }

    [Test]
    public void NamedPipes()
    {
        var name = "aw" + Guid.NewGuid().ToString("N");

        // On Unix a named pipe is a socket file in the temp folder: a denied server must not create it.
        var socketFile = Path.Combine(Path.GetTempPath(), "CoreFxPipe_" + name);
        Expect.Denied("file.pipe", () => _files.PipeServer(name));
        Assert.That(File.Exists(socketFile), Is.False);

        System.IO.Pipes.NamedPipeServerStream server = null!;
        Expect.Raises("file.pipe", new object?[] { ".", name, "server" }, () => server = _files.PipeServer(name));
        using (server)
        {
            System.IO.Pipes.NamedPipeClientStream client = null!;
            Expect.Raises("file.pipe", new object?[] { ".", name, "client" }, () => client = _files.PipeClient(name));
            client.Dispose();
        }
    }
}
