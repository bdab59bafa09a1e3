using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace AuditWeaver.Tool.Inputs;

/// <summary>
/// The files one command works on: a single assembly, or every file of a folder (recursively, so that satellite and
/// runtime-specific folders come along), each with what its headers say, grouped into the applications found below the
/// folder (each folder holding a <c>*.deps.json</c> or <c>*.runtimeconfig.json</c>, at any depth, and the folder itself).
/// </summary>
internal sealed class InputSet
{
    private readonly IReadOnlyList<string> _loops;

    private InputSet(string root, bool isFolder, IReadOnlyList<InputFile> files, IReadOnlyList<ApplicationFolder> applications, IReadOnlyList<string> loops)
    {
        _loops = loops;
        Root = root;
        IsFolder = isFolder;
        Files = files;
        Applications = applications;
    }

    /// <summary>The folder given, or the folder of the single assembly given.</summary>
    internal string Root { get; }

    internal bool IsFolder { get; }

    /// <summary>Every file, in a stable order: assemblies and everything else (which a folder weave copies as it is).</summary>
    internal IReadOnlyList<InputFile> Files { get; }

    internal IEnumerable<InputFile> Assemblies => Files.Where(f => f.IsAssemblyCandidate);

    /// <summary>
    /// The applications, the input's own folder first and then by path: each file belongs to exactly one (a single
    /// assembly to the one of its folder).
    /// </summary>
    internal IReadOnlyList<ApplicationFolder> Applications { get; }

    /// <summary>What was passed over (links that loop, damaged runtimeconfig or deps.json), one line each naming it.</summary>
    internal IEnumerable<string> Warnings => _loops.Concat(Applications.SelectMany(a => a.Warnings));

    /// <summary>
    /// The input at <paramref name="path"/>. With <paramref name="weaveFramework"/> (<c>--framework</c>) the framework
    /// assemblies a self-contained app carries are woven too, and each framework-dependent app gains, as files of its own,
    /// the shared-framework assemblies it uses (<see cref="SharedFrameworkClosure"/>), to be woven into its folder.
    /// </summary>
    internal static InputSet Open(string path, bool weaveFramework = false)
    {
        var full = Path.GetFullPath(path);
        if (!Directory.Exists(full))
        {
            var folder = Path.GetDirectoryName(full)!;
            var own = new ApplicationFolder(folder, folder, readDepsJson: false, weaveFramework: false);
            var file = new InputFile(full, Path.GetFileName(full), own, named: true);
            own.Add(file);
            return new InputSet(folder, false, new[] { file }, new[] { own }, Array.Empty<string>());
        }

        var listing = FolderFiles.List(full);
        var applications = listing.Files.Where(IsHostFile).Select(f => Path.GetDirectoryName(f)!)
            .Append(full)
            .Distinct(StringComparer.Ordinal)
            .OrderBy(d => d == full ? 0 : 1).ThenBy(d => d, StringComparer.Ordinal)
            .Select(d => new ApplicationFolder(full, d, readDepsJson: true, weaveFramework))
            .ToList();

        // Each file belongs to the deepest application whose folder holds it: a tool's real app in unix/ owns unix/.
        var byDepth = applications.OrderByDescending(a => a.FullPath.Length).ToList();
        var files = listing.Files.Select(f =>
        {
            var owner = byDepth.First(a => a.FullPath == full || IsBelow(f, a.FullPath));
            var file = new InputFile(f, Path.GetRelativePath(full, f), owner, named: false);
            owner.Add(file);
            return file;
        }).ToList();
        if (weaveFramework)
        {
            foreach (var application in applications.Where(a => a.IsApplication && !a.IsSelfContained))
            {
                foreach (var shared in SharedFrameworkClosure.Of(application))
                {
                    var file = new InputFile(shared, application.PathOf(Path.GetFileName(shared)), application, named: false, sharedFrameworkCopy: true);
                    application.Add(file);
                    files.Add(file);
                }
            }
        }

        return new InputSet(full, true, files, applications, listing.Loops);
    }

    private static bool IsHostFile(string file) =>
        file.EndsWith(".deps.json", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".runtimeconfig.json", StringComparison.OrdinalIgnoreCase);

    private static bool IsBelow(string file, string folder) =>
        file.StartsWith(folder.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}

/// <summary>One file of the input.</summary>
internal sealed class InputFile
{
    private readonly bool _named;
    private AssemblyInspection? _inspection;

    internal InputFile(string fullPath, string relativePath, ApplicationFolder application, bool named, bool sharedFrameworkCopy = false)
    {
        _named = named;
        IsSharedFrameworkCopy = sharedFrameworkCopy;
        FullPath = fullPath;
        RelativePath = relativePath;
        Application = application;
    }

    internal string FullPath { get; }

    /// <summary>
    /// A shared-framework assembly (outside the input) that a framework-dependent app uses, woven with <c>--framework</c>
    /// into the app's folder, where the host loads it instead of the shared one.
    /// </summary>
    internal bool IsSharedFrameworkCopy { get; }

    /// <summary>The path below the input's folder, which is also its path below the output folder.</summary>
    internal string RelativePath { get; }

    /// <summary>The application the file belongs to.</summary>
    internal ApplicationFolder Application { get; }

    /// <summary>
    /// The file named on the command line, or a .dll or .exe in a folder: something that may be an assembly (apphosts and
    /// native libraries turn out not to be).
    /// </summary>
    internal bool IsAssemblyCandidate =>
        _named
        || FullPath.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) || FullPath.EndsWith(".exe", StringComparison.OrdinalIgnoreCase);

    internal AssemblyInspection Inspection => _inspection ??= AssemblyInspection.Inspect(FullPath, Application.FrameworkFileNames, Application.WeavesFramework);
}
