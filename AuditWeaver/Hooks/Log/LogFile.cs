using System;
using System.IO;

namespace AuditWeaver.Hooks.Log;

/// <summary>
/// The open log file. Before every write it checks that the path still names the file it has open, and reopens the path
/// when the file was moved away (logrotate) or deleted, so that nothing is written into a file nobody will read. Writes
/// go to the end of the file as it is then (another process, or copytruncate, may have changed its length).
/// </summary>
internal sealed class LogFile
{
    private readonly string _path;
    private FileStream _stream;

#if NET8_0_OR_GREATER
    // On Linux, /proc/self/fd/N names the file the handle has open (with " (deleted)" once it is deleted): the exact
    // check. Elsewhere, a missing path or a path shorter than the open file means it was moved.
    private string? _handleLink;
    private string? _openedAs;
#endif
    private bool _reportedReopenFailure;

    private LogFile(string path, FileStream stream)
    {
        _path = path;
        _stream = stream;
        Identify();
    }

    internal string Path => _path;

    /// <summary>Opens (appending to) <paramref name="path"/>; throws what FileStream throws.</summary>
    internal static LogFile Open(string path) => new(path, OpenStream(path));

    /// <summary>
    /// Writes <paramref name="count"/> bytes of whole lines and, with <paramref name="toDevice"/>, waits until the device
    /// has them. On failure the file is cut back to where the write started, so that no torn line stays, and the
    /// exception propagates.
    /// </summary>
    internal void Write(byte[] buffer, int count, bool toDevice)
    {
        ReopenIfMoved();
        var start = -1L;
        if (_stream.CanSeek)
        {
            start = _stream.Seek(0, SeekOrigin.End);
        }

        try
        {
            _stream.Write(buffer, 0, count);
            if (toDevice)
            {
                _stream.Flush(flushToDisk: true);
            }
        }
        catch (IOException) when (start >= 0 && TryCutBack(start))
        {
            throw;
        }
    }

    private static FileStream OpenStream(string path) =>
        // Unbuffered (1): the log keeps its own buffers, and a write must reach the system when it returns.
        new(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);

    private bool TryCutBack(long start)
    {
        try
        {
            _stream.SetLength(start);
        }
        catch (IOException)
        {
        }

        return false;
    }

    private void Identify()
    {
#if NET8_0_OR_GREATER
        _handleLink = "/proc/self/fd/" + _stream.SafeFileHandle.DangerousGetHandle().ToInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        _openedAs = LinkTarget(_handleLink);
        if (_openedAs == null)
        {
            _handleLink = null;
        }
#endif
    }

    private void ReopenIfMoved()
    {
        if (!Moved())
        {
            return;
        }

        FileStream reopened;
        try
        {
            reopened = OpenStream(_path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Keep writing where we were: the lines are not lost, only not where the path points.
            if (!_reportedReopenFailure)
            {
                _reportedReopenFailure = true;
                Console.Error.WriteLine("audit: " + EnvironmentConsumers.LogVariable + "=" + _path + " was moved or deleted and cannot be opened again, so events go on to the old file: " + exception.Message);
            }

            return;
        }

        _reportedReopenFailure = false;
        var old = _stream;
        _stream = reopened;
        old.Dispose();
        Identify();
    }

    private bool Moved()
    {
#if NET8_0_OR_GREATER
        if (_handleLink != null)
        {
            return !string.Equals(LinkTarget(_handleLink), _openedAs, StringComparison.Ordinal);
        }
#endif

        try
        {
            var onDisk = new FileInfo(_path);
            return !onDisk.Exists || (_stream.CanSeek && onDisk.Length < _stream.Length);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

#if NET8_0_OR_GREATER
    private static string? LinkTarget(string link)
    {
        try
        {
            return new FileInfo(link).LinkTarget;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
#endif
}
