using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace AuditWeaver.Tool.SingleFile;

/// <summary>
/// The PDBs published beside a single-file app. The SDK leaves them out of the bundle by default, so a bundled assembly
/// and its PDB are woven together only when the PDB is brought in: then the woven assembly points at the updated PDB,
/// which goes back beside the new bundle, and stack traces and breakpoints keep their lines.
/// </summary>
internal static class BundleSymbols
{
    /// <summary>
    /// Copies into <paramref name="extracted"/> the PDB beside the bundle of each top-level bundled assembly that has none
    /// inside; returns their relative paths.
    /// </summary>
    internal static IReadOnlyList<string> Gather(SingleFileBundle bundle, string extracted)
    {
        var folder = Path.GetDirectoryName(bundle.Path)!;
        var inside = bundle.Manifest.Entries.Select(e => e.RelativePath).ToHashSet(StringComparer.Ordinal);
        var gathered = new List<string>();
        foreach (var entry in bundle.Manifest.Entries.Where(e => e.Type == BundleFileType.Assembly && !e.RelativePath.Contains('/')))
        {
            var pdb = Path.ChangeExtension(entry.RelativePath, ".pdb");
            var beside = Path.Combine(folder, pdb);
            if (!inside.Contains(pdb) && File.Exists(beside))
            {
                File.Copy(beside, Path.Combine(extracted, pdb));
                gathered.Add(pdb);
            }
        }

        return gathered;
    }
}
