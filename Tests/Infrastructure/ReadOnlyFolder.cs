using System;
using System.IO;
using NUnit.Framework;

namespace Tests.Infrastructure;

/// <summary>
/// A folder nothing can be written into until disposed. Permissions alone do not stop root, which these tests may run
/// as, so for root the folder is also made immutable (chattr +i); either way a write is tried to prove it took.
/// </summary>
internal sealed class ReadOnlyFolder : IDisposable
{
    private readonly bool _immutable;

    private ReadOnlyFolder(string path, bool immutable)
    {
        Path = path;
        _immutable = immutable;
    }

    internal string Path { get; }

    internal static ReadOnlyFolder Create(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("read-only folders are made with Unix permissions");
        }

        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var immutable = Environment.UserName == "root";
        if (immutable)
        {
            var chattr = ProcessRunner.Run("chattr", new[] { "+i", path });
            Assert.That(chattr.ExitCode, Is.EqualTo(0), "root needs chattr +i to make a folder read-only: " + chattr);
        }

        var folder = new ReadOnlyFolder(path, immutable);
        try
        {
            File.WriteAllText(System.IO.Path.Combine(path, ".probe"), string.Empty);
        }
        catch (UnauthorizedAccessException)
        {
            return folder;
        }

        folder.Dispose();
        throw new InvalidOperationException(path + " could not be made read-only on this file system");
    }

    public void Dispose()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        if (_immutable)
        {
            ProcessRunner.Run("chattr", new[] { "-i", Path });
        }

        File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
