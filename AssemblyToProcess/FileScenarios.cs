using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Win32.SafeHandles;

namespace AssemblyToProcess;

/// <summary>One method per file API group; each calls the API the way user code would.</summary>
public class FileScenarios
{
    public string ReadAllText(string path) => File.ReadAllText(path);

    public void WriteAllText(string path, string text) => File.WriteAllText(path, text);

    public void WriteAllTextFromSpan(string path, string text) => File.WriteAllText(path, text.AsSpan());

    public void AppendAllLines(string path, IEnumerable<string> lines) => File.AppendAllLines(path, lines);

    public Task<byte[]> ReadAllBytesAsync(string path) => File.ReadAllBytesAsync(path);

    public bool Exists(string path) => File.Exists(path);

    public void Delete(string path) => File.Delete(path);

    public void Copy(string source, string destination) => File.Copy(source, destination, overwrite: true);

    public void Move(string source, string destination) => File.Move(source, destination);

    public void Replace(string source, string destination, string? backup) => File.Replace(source, destination, backup);

    public FileAttributes GetAttributes(string path) => File.GetAttributes(path);

    public void SetLastWriteTime(string path, System.DateTime time) => File.SetLastWriteTime(path, time);

    public void CreateSymbolicLink(string path, string target) => File.CreateSymbolicLink(path, target);

    public long OpenHandleLength(string path)
    {
        using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
        return RandomAccess.GetLength(handle);
    }

    public void CreateDirectory(string path) => Directory.CreateDirectory(path);

    public void DeleteDirectory(string path, bool recursive) => Directory.Delete(path, recursive);

    public string[] ListFiles(string path) => Directory.GetFiles(path, "*.txt").Select(Path.GetFileName).OrderBy(n => n).ToArray()!;

    public int CountEntries(string path) => Directory.EnumerateFileSystemEntries(path).Count();

    public string CreateTempSubdirectory(string prefix) => Directory.CreateTempSubdirectory(prefix).FullName;

    public long FileInfoLength(string path) => new FileInfo(path).Length;

    public void FileInfoDelete(string path) => new FileInfo(path).Delete();

    public void DirectoryInfoDelete(string path) => new DirectoryInfo(path).Delete(true);

    public void FileInfoCopyTo(string source, string destination) => new FileInfo(source).CopyTo(destination);

    public bool FileInfoExists(string path) => new FileInfo(path).Exists;

    public void SetReadOnly(string path, bool value) => new FileInfo(path).IsReadOnly = value;

    public string SubdirectoryOf(string path, string name) => new DirectoryInfo(path).CreateSubdirectory(name).FullName;

    public void WriteWithFileStream(string path, byte[] bytes)
    {
        using var stream = new FileStream(path, FileMode.Create);
        stream.Write(bytes, 0, bytes.Length);
    }

    public void WriteWithOptions(string path, byte[] bytes)
    {
        using var stream = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write });
        stream.Write(bytes);
    }

    public string ReadWithStreamReader(string path)
    {
        using var reader = new StreamReader(path);
        return reader.ReadToEnd();
    }

    public void AppendWithStreamWriter(string path, string text)
    {
        using var writer = new StreamWriter(path, append: true);
        writer.Write(text);
    }

    public void Zip(string directory, string archive) => ZipFile.CreateFromDirectory(directory, archive);

    public void Unzip(string archive, string directory) => ZipFile.ExtractToDirectory(archive, directory);

    public int ZipEntryCount(string archive)
    {
        using var zip = ZipFile.OpenRead(archive);
        return zip.Entries.Count;
    }

    public System.IO.Pipes.NamedPipeServerStream PipeServer(string name) => new(name);

    public System.IO.Pipes.NamedPipeClientStream PipeClient(string name) => new(".", name);
}
