using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AuditWeaver.Fody.Applications;

namespace AuditWeaver.Tool.Inputs;

/// <summary>
/// The files one command works on: a single assembly, or every file of an application folder (recursively, so that
/// satellite and runtime-specific folders come along), each with what its headers say.
/// </summary>
internal sealed class InputSet
{
    private readonly IReadOnlyList<string> _loops;

    private InputSet(string root, bool isFolder, IReadOnlyList<InputFile> files, IReadOnlyList<string> loops, RuntimeConfigFiles runtimeConfig, DepsJsonFiles depsJson, FrameworkLocator framework)
    {
        _loops = loops;
        Root = root;
        IsFolder = isFolder;
        Files = files;
        RuntimeConfig = runtimeConfig;
        DepsJson = depsJson;
        Framework = framework;
    }

    /// <summary>The folder given, or the folder of the single assembly given.</summary>
    internal string Root { get; }

    internal bool IsFolder { get; }

    /// <summary>Every file, in a stable order: assemblies and everything else (which a folder weave copies as it is).</summary>
    internal IReadOnlyList<InputFile> Files { get; }

    internal IEnumerable<InputFile> Assemblies => Files.Where(f => f.IsAssemblyCandidate);

    /// <summary>What the runtimeconfig files beside the input say.</summary>
    internal RuntimeConfigFiles RuntimeConfig { get; }

    /// <summary>What the deps.json files of a folder say (none for a single assembly).</summary>
    internal DepsJsonFiles DepsJson { get; }

    internal FrameworkLocator Framework { get; }

    /// <summary>What was passed over (links that loop, damaged runtimeconfig or deps.json), one line each naming it.</summary>
    internal IEnumerable<string> Warnings =>
        _loops.Concat(RuntimeConfig.Problems.Select(p => p + "; passed over, so the frameworks it names are not searched for references.")
            .Concat(DepsJson.Problems.Select(p => p + "; passed over, so only the shared framework's file names tell framework assemblies apart.")));

    internal static InputSet Open(string path)
    {
        var full = Path.GetFullPath(path);
        var isFolder = Directory.Exists(full);
        var root = isFolder ? full : Path.GetDirectoryName(full)!;
        var runtimeConfig = RuntimeConfigFiles.Read(root);
        var framework = FrameworkLocator.For(runtimeConfig.FrameworkNames);
        var depsJson = isFolder ? DepsJsonFiles.Read(full) : DepsJsonFiles.None;
        var listing = isFolder ? FolderFiles.List(full) : null;
        var files = listing?.Files ?? new List<string> { full };

        // In a folder, the framework's own assemblies (a self-contained app carries them all) are not the app's code.
        var frameworkFileNames = isFolder ? new HashSet<string>(framework.FileNames.Concat(depsJson.RuntimePackFileNames), StringComparer.OrdinalIgnoreCase) : new HashSet<string>();
        var inputs = files.Select(f => new InputFile(f, Path.GetRelativePath(root, f), frameworkFileNames, named: !isFolder)).ToList();
        return new InputSet(root, isFolder, inputs, listing?.Loops ?? Array.Empty<string>(), runtimeConfig, depsJson, framework);
    }

    /// <summary>A resolver over the input's folder, <paramref name="referenceFolders"/>, the shared framework and the reference pack.</summary>
    internal ToolAssemblyResolver CreateResolver(IEnumerable<string> referenceFolders)
    {
        var folders = new List<string> { Root };
        if (IsFolder)
        {
            // Runtime-specific assets (runtimes/<rid>/lib/...) are what the host loads on a matching machine.
            folders.AddRange(Assemblies.Select(f => Path.GetDirectoryName(f.FullPath)!).Where(d => d != Root).Distinct());
        }

        folders.AddRange(referenceFolders.Select(Path.GetFullPath));
        folders.AddRange(Framework.SharedFrameworkDirectories);
        if (Framework.ReferencePackDirectory != null)
        {
            folders.Add(Framework.ReferencePackDirectory);
        }

        return new ToolAssemblyResolver(folders);
    }
}

/// <summary>One file of the input.</summary>
internal sealed class InputFile
{
    private AssemblyInspection? _inspection;

    private readonly bool _named;
    private readonly ISet<string> _frameworkFileNames;

    internal InputFile(string fullPath, string relativePath, ISet<string> frameworkFileNames, bool named)
    {
        _named = named;
        _frameworkFileNames = frameworkFileNames;
        FullPath = fullPath;
        RelativePath = relativePath;
    }

    internal string FullPath { get; }

    /// <summary>The path below the input's folder, which is also its path below the output folder.</summary>
    internal string RelativePath { get; }

    /// <summary>
    /// The file named on the command line, or a .dll or .exe in a folder: something that may be an assembly (apphosts and
    /// native libraries turn out not to be).
    /// </summary>
    internal bool IsAssemblyCandidate =>
        _named
        || FullPath.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) || FullPath.EndsWith(".exe", StringComparison.OrdinalIgnoreCase);

    internal AssemblyInspection Inspection => _inspection ??= AssemblyInspection.Inspect(FullPath, _frameworkFileNames);
}
