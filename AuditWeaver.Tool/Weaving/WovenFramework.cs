using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using AuditWeaver.Fody.Applications;
using AuditWeaver.Tool.Inputs;
using AuditWeaver.Tool.Processing;

namespace AuditWeaver.Tool.Weaving;

/// <summary>
/// The framework assemblies of one application woven by <c>weave --framework</c>: the one place where they are known.
/// Each is given a module version id of its own (derived from the original's), which the manifest written beside the app
/// records and the runtime compares with what it loads (AuditWeaver's FrameworkCheck; both written by the shared
/// <see cref="FrameworkManifest"/>, as the build's Framework="true" publish writes them), so that a framework patched or
/// rolled forward since the weave is never run unaudited without a word. A framework-dependent app's copies are also
/// registered in its deps.json (<see cref="FrameworkDepsJson"/>) so that the host loads them instead of the shared ones.
/// Later steps over the woven framework files (ReadyToRun compilation) take them from <see cref="Assemblies"/> once
/// <see cref="Complete"/> has run: the files are then in place, and a step that rewrites them keeps their metadata (and so
/// their module version ids) as they are.
/// </summary>
internal sealed class WovenFramework
{
    private const string ManifestFileName = FrameworkManifest.FileName;

    private readonly List<WovenFrameworkAssembly> _staged = new();
    private readonly List<WovenFrameworkAssembly> _written = new();

    /// <summary>The woven framework assemblies written into the app's folder (after <see cref="Complete"/>).</summary>
    internal IReadOnlyList<WovenFrameworkAssembly> Assemblies => _written;

    /// <summary>
    /// Gives the woven framework module of <paramref name="processed"/> its own module version id, and remembers it as
    /// going to <paramref name="target"/>; call before it is written.
    /// </summary>
    internal void Add(ProcessedAssembly processed, string target)
    {
        var module = processed.Module!;
        FrameworkManifest.MarkWoven(module);
        var source = processed.File.FullPath;
        _staged.Add(new WovenFrameworkAssembly(module.Assembly.Name.Name, source, target, module.Mvid, module.Assembly.Name.Version, FileVersionInfo.GetVersionInfo(source), processed.File.IsSharedFrameworkCopy));
    }

    /// <summary>
    /// Once the app's files are in place: keeps those written (not in <paramref name="unwritten"/>), writes the manifest
    /// into <paramref name="applicationFolder"/> and registers shared-framework copies in the app's deps.json files.
    /// Returns one line per thing done. Throws IOException when a file cannot be written.
    /// </summary>
    internal IReadOnlyList<string> Complete(ApplicationFolder application, string applicationFolder, ICollection<string> unwritten)
    {
        _written.AddRange(_staged.Where(a => !unwritten.Contains(a.Target)));
        if (_written.Count == 0)
        {
            return Array.Empty<string>();
        }

        var lines = new List<string>();
        AtomicFile.WriteAllText(Path.Combine(applicationFolder, ManifestFileName), FrameworkManifest.Text(FrameworkWeaver.Tool, _written.Select(a => new KeyValuePair<string, Guid>(a.Name, a.Mvid))));
        lines.Add("framework: " + _written.Count + " assemblies woven" + (_written.Any(a => a.IsSharedFrameworkCopy) ? " (copies of the shared framework's, in the app's folder)" : string.Empty)
            + "; listed in " + application.PathOf(ManifestFileName) + ", which AuditWeaver.dll checks when they load");
        var copies = _written.Where(a => a.IsSharedFrameworkCopy).ToList();
        if (copies.Count > 0)
        {
            lines.AddRange(FrameworkDepsJson.Register(application, applicationFolder, copies));
        }

        return lines;
    }
}

/// <summary>One woven framework assembly: its name, where it came from and went, its new module version id and its versions.</summary>
internal sealed record WovenFrameworkAssembly(string Name, string Source, string Target, Guid Mvid, Version AssemblyVersion, FileVersionInfo FileVersion, bool IsSharedFrameworkCopy);
