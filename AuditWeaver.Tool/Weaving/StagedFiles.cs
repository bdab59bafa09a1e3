using System;
using System.Collections.Generic;
using System.IO;

namespace AuditWeaver.Tool.Weaving;

/// <summary>A file (and what was written with it, such as its PDB) written in its private folder, not yet in place.</summary>
internal sealed class StagedFile : IDisposable
{
    private readonly string _staging;

    internal StagedFile(string destination, string staging)
    {
        Destination = destination;
        _staging = staging;
    }

    internal string Destination { get; }

    /// <summary>Moves every file written into the destination's folder.</summary>
    internal void Commit()
    {
        var folder = Path.GetDirectoryName(Destination)!;
        foreach (var file in Directory.GetFiles(_staging))
        {
            File.Move(file, Path.Combine(folder, Path.GetFileName(file)), overwrite: true);
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_staging))
        {
            Directory.Delete(_staging, recursive: true);
        }
    }
}

/// <summary>The files staged for one application, committed together or not at all.</summary>
internal sealed class StagedFiles : IDisposable
{
    private readonly List<StagedFile> _files = new();

    internal void Write(string destination, Action<string> write) => _files.Add(AtomicFile.Stage(destination, write));

    internal void Copy(string source, string destination) => Write(destination, temporary => File.Copy(source, temporary));

    /// <summary>Moves each file into place; returns those that could not be moved, with why.</summary>
    internal IReadOnlyList<(string Destination, string Failure)> Commit()
    {
        var failures = new List<(string, string)>();
        foreach (var file in _files)
        {
            if (WriteAttempt.Run(file.Commit, file.Destination, "could not be written to " + file.Destination) is { } failure)
            {
                failures.Add((file.Destination, failure));
            }
        }

        Dispose();
        return failures;
    }

    public void Dispose()
    {
        foreach (var file in _files)
        {
            file.Dispose();
        }

        _files.Clear();
    }
}
