using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace AuditWeaver.Tool.Inputs;

/// <summary>
/// Every file below an application folder, following links to folders as the app would see them, but entering each real
/// folder once: a link back to a folder already being listed (a loop) would otherwise list the same files at ever deeper
/// paths until the path is too long.
/// </summary>
internal sealed class FolderFiles
{
    private readonly List<string> _files = new();
    private readonly List<string> _loops = new();
    private readonly HashSet<string> _entered = new(StringComparer.Ordinal);

    private FolderFiles()
    {
    }

    /// <summary>The files, sorted ordinally so that runs are stable.</summary>
    internal IReadOnlyList<string> Files => _files;

    /// <summary>One line per link that was not followed, naming it and where it leads.</summary>
    internal IReadOnlyList<string> Loops => _loops;

    internal static FolderFiles List(string root)
    {
        var listing = new FolderFiles();
        listing.Enter(root);
        listing._files.Sort(StringComparer.Ordinal);
        return listing;
    }

    private void Enter(string folder)
    {
        var real = new DirectoryInfo(folder).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? folder;
        if (!_entered.Add(Path.TrimEndingDirectorySeparator(Path.GetFullPath(real))))
        {
            _loops.Add(folder + ": a link to " + real + ", which is listed already; passed over, so nothing below it is listed twice.");
            return;
        }

        _files.AddRange(Directory.EnumerateFiles(folder));
        foreach (var child in Directory.EnumerateDirectories(folder).OrderBy(d => d, StringComparer.Ordinal))
        {
            Enter(child);
        }

        // A folder is listed again when reached another way that is not a loop (two links to one shared folder): its
        // files belong to the app at both paths.
        _entered.Remove(Path.TrimEndingDirectorySeparator(Path.GetFullPath(real)));
    }
}
