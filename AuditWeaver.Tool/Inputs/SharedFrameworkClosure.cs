using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using AuditWeaver.Fody.Applications;

namespace AuditWeaver.Tool.Inputs;

/// <summary>
/// The shared-framework assemblies a framework-dependent app uses: every assembly of the frameworks its runtimeconfig
/// names that its own assemblies (and its dependencies) reference, and what those reference in turn, found by file name
/// in the shared frameworks' folders. System.Private.CoreLib is not among them (it is never woven), nor is an assembly
/// the app's folder has a file of already (an app-local copy, or one woven before).
/// </summary>
internal static class SharedFrameworkClosure
{
    /// <summary>The full paths, in the shared frameworks' folders, in a stable order.</summary>
    internal static IReadOnlyList<string> Of(ApplicationFolder application)
    {
        var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        // The lowest framework first (Microsoft.NETCore.App), as FrameworkLocator lists them: a name it has is its.
        foreach (var directory in application.Framework.SharedFrameworkDirectories)
        {
            foreach (var file in Directory.EnumerateFiles(directory, "*.dll"))
            {
                byName.TryAdd(Path.GetFileNameWithoutExtension(file), file);
            }
        }

        var local = new HashSet<string>(application.Files.Select(f => Path.GetFileNameWithoutExtension(f.FullPath)), StringComparer.OrdinalIgnoreCase);
        var found = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var pending = new Queue<string>(application.Assemblies.Where(f => !f.IsSharedFrameworkCopy).Select(f => f.FullPath));
        while (pending.Count > 0)
        {
            foreach (var reference in References(pending.Dequeue()))
            {
                if (byName.TryGetValue(reference, out var shared) && !local.Contains(reference) && !found.ContainsKey(reference)
                    && !string.Equals(Path.GetFileName(shared), AssemblyClassifier.CoreLibraryFileName, StringComparison.OrdinalIgnoreCase))
                {
                    found.Add(reference, shared);
                    pending.Enqueue(shared);
                }
            }
        }

        return found.Values.ToList();
    }

    // The simple names an assembly references; none for native code or a file that cannot be read (the weave names those).
    private static IEnumerable<string> References(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new PEReader(stream);
            if (!reader.HasMetadata)
            {
                return Array.Empty<string>();
            }

            var metadata = reader.GetMetadataReader();
            return metadata.AssemblyReferences.Select(h => metadata.GetString(metadata.GetAssemblyReference(h).Name)).ToList();
        }
        catch (Exception exception) when (exception is BadImageFormatException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return Array.Empty<string>();
        }
    }
}
