using System;
using System.Collections.Generic;
using System.IO;
using AuditWeaver.Tool.Weaving;

namespace AuditWeaver.Tool.SingleFile;

/// <summary>
/// The single-file apps of a folder being woven: each is woven on its own when the folder's walk reaches it, and the
/// PDBs its weave updated beside it are not copied over again when the walk reaches them.
/// </summary>
internal sealed class FolderBundles
{
    private readonly WeaveRequest _request;
    private readonly TextWriter _output;
    private readonly TextWriter _error;
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);

    internal FolderBundles(WeaveRequest request, TextWriter output, TextWriter error)
    {
        _request = request;
        _output = output;
        _error = error;
    }

    /// <summary>How many single-file apps the folder held.</summary>
    internal int Count { get; private set; }

    /// <summary>Whether one of them could not be woven (it said why).</summary>
    internal bool Failed { get; private set; }

    /// <summary>
    /// Weaves <paramref name="path"/> into <paramref name="target"/> when it is a single-file app; true when the file was
    /// taken care of here (woven, or already written by a bundle's weave), false when the folder's walk should handle it.
    /// </summary>
    internal bool Handle(string path, string target)
    {
        if (_written.Contains(target))
        {
            return true;
        }

        if (!SingleFileWeave.IsBundleInFolder(path))
        {
            return false;
        }

        Count++;
        var written = SingleFileWeave.Weave(path, target, _request, _output, _error);
        if (written == null)
        {
            Failed = true;
        }
        else
        {
            _written.UnionWith(written);
        }

        return true;
    }
}
