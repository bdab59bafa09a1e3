using System.Collections.Generic;
using System.IO;
using System.Linq;
using AuditWeaver.Fody.Applications;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace AuditWeaver.MSBuild;

/// <summary>
/// The start-up manifest of a publish that wove the framework (Framework="true"): the same file, written by the same code,
/// as <c>auditweaver weave --framework</c> writes (<see cref="FrameworkManifest"/>), handed to the publish as one of its files.
/// </summary>
internal static class FrameworkManifestWriter
{
    /// <summary>
    /// Writes the manifest of <paramref name="wovenCopies"/> into <paramref name="intermediateDirectory"/> and returns it as
    /// a publish item. Each id is read from the woven copy, cached or not: the copy is what the publish compiles and ships.
    /// </summary>
    internal static ITaskItem Write(string intermediateDirectory, IEnumerable<string> wovenCopies)
    {
        var assemblies = wovenCopies.Select(AssemblyFacts.Read).Select(f => new KeyValuePair<string, System.Guid>(f.Name, f.ModuleVersionId)).ToList();
        Directory.CreateDirectory(intermediateDirectory);
        var path = Path.Combine(intermediateDirectory, FrameworkManifest.FileName);
        FrameworkManifest.Write(path, FrameworkWeaver.Publish, assemblies);

        var item = new TaskItem(path);
        item.SetMetadata("RelativePath", FrameworkManifest.FileName);
        item.SetMetadata("CopyToPublishDirectory", "PreserveNewest");

        // The runtime reads it from AppContext.BaseDirectory, which is the folder of a single-file app's executable.
        item.SetMetadata("ExcludeFromSingleFile", "true");
        return item;
    }
}
