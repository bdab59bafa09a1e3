using System;
using System.IO;
using System.Threading;

namespace AuditWeaver.Hooks.Log;

/// <summary>
/// Hands whole lines from the raising threads to the file. Lines are copied into one of two fixed buffers under a short
/// lock (so each thread's lines keep their order and never interleave), and a background thread writes a buffer once
/// its first line has waited <see cref="Delay"/>, or at once when it is half full. A thread that finds both buffers in
/// use writes the full one itself: that is the backpressure when the disk is slower than the events, and why memory
/// stays at two buffers whatever the rate. <see cref="WritePending"/> writes everything held, now, on the calling
/// thread; after <see cref="WriteThrough"/> (synchronous mode, or once the process is exiting) every line is written
/// before the event returns.
/// </summary>
internal sealed class LogWriter
{
    /// <summary>The size of each of the two buffers; a line longer than half of it is written on its own.</summary>
    internal const int Capacity = 1 << 20;

    private readonly object _gate = new();
    private readonly object _fileGate = new();
    private readonly LogFile _file;
    private readonly bool _toDevice;
    private readonly AutoResetEvent _wake = new(false);

    // Guarded by _gate: the buffer lines go into, its length and how many lines it holds.
    private byte[] _current = new byte[Capacity];
    private int _length;
    private int _lines;

    // Guarded by _fileGate: the other buffer (null while it is being written), and what failed writes lost.
    private byte[]? _spare = new byte[Capacity];
    private long _lost;
    private string? _lostReason;

    private volatile bool _writeThrough;

    internal LogWriter(LogFile file, bool synchronous, TimeSpan delay)
    {
        _file = file;
        _toDevice = synchronous;
        Delay = delay;
        if (synchronous)
        {
            _writeThrough = true;
            return;
        }

        // Not a thread-pool thread: a program that blocks the pool must not stop its own audit log.
        new Thread(WriteLoop) { IsBackground = true, Name = "AuditWeaver event log" }.Start();
    }

    /// <summary>The longest a line waits in memory before its write starts (what a <c>kill -9</c> can lose).</summary>
    internal TimeSpan Delay { get; }

    /// <summary>Builds the line that records lines lost to failed writes (it has the shape of an event).</summary>
    internal Func<long, string, byte[]>? LossLine { get; set; }

    /// <summary>Takes a copy of one whole line (ending in a line feed).</summary>
    internal void Append(byte[] line, int count)
    {
        if (count > Capacity / 2)
        {
            WriteAlone(line, count);
            return;
        }

        bool wake;
        while (!TryCopy(line, count, out wake))
        {
            // Both buffers are in use: write the full one here and now.
            WritePending();
        }

        if (_writeThrough)
        {
            WritePending();
        }
        else if (wake)
        {
            _wake.Set();
        }
    }

    /// <summary>From now on every line is written before <see cref="Append"/> returns; writes what is held now.</summary>
    internal void WriteThrough()
    {
        _writeThrough = true;
        WritePending();
    }

    /// <summary>Writes every line appended so far before returning (after any write already under way). Never throws.</summary>
    internal void WritePending()
    {
        lock (_fileGate)
        {
            byte[] full;
            int length;
            int lines;
            lock (_gate)
            {
                if (_length == 0)
                {
                    return;
                }

                full = _current;
                length = _length;
                lines = _lines;
                _current = _spare!;
                _length = 0;
                _lines = 0;
            }

            _spare = null;
            Write(full, length, lines);
            _spare = full;
        }
    }

    // True when the line fit; wake says the writer thread must be told (the buffer was empty, or is now half full).
    private bool TryCopy(byte[] line, int count, out bool wake)
    {
        lock (_gate)
        {
            if (_current.Length - _length < count)
            {
                wake = false;
                return false;
            }

            Buffer.BlockCopy(line, 0, _current, _length, count);
            var before = _length;
            _length += count;
            _lines++;
            wake = before == 0 || (before < Capacity / 2 && _length >= Capacity / 2);
            return true;
        }
    }

    private void WriteAlone(byte[] line, int count)
    {
        lock (_fileGate)
        {
            // Lines appended before this one are written first.
            WritePending();
            Write(line, count, 1);
        }
    }

    // Under _fileGate.
    private void Write(byte[] buffer, int length, int lines)
    {
        try
        {
            if (_lost > 0 && LossLine != null)
            {
                var loss = LossLine(_lost, _lostReason ?? "write failed");
                _file.Write(loss, loss.Length, _toDevice);
                _lost = 0;
            }

            _file.Write(buffer, length, _toDevice);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            // Never silent: said on standard error now, and recorded in the log once a write succeeds again.
            if (_lost == 0)
            {
                Console.Error.WriteLine("audit: " + EnvironmentConsumers.LogVariable + "=" + _file.Path + ": a write failed, so " + lines + " events are not in the log: " + exception.Message);
            }

            _lost += lines;
            _lostReason = exception.Message;
        }
    }

    private void WriteLoop()
    {
        while (true)
        {
            // The first line into an empty buffer wakes this thread; it then gives the buffer Delay to fill, unless a
            // half-full buffer wakes it sooner.
            _wake.WaitOne();
            _wake.WaitOne(Delay);
            WritePending();
        }
    }
}
