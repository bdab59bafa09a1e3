using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AuditWeaver.Fody.Applications;

namespace AuditWeaver.Tool.Inputs;

/// <summary>
/// One application of the input: a folder with the files the .NET host reads to start it (<c>*.deps.json</c>,
/// <c>*.runtimeconfig.json</c>; several apps published into one folder share it), or the input's own folder, which holds
/// what belongs to no app (a plain folder of assemblies, a tool's shim). Its files are those below it that are not below
/// a deeper application, and its framework is the one its runtimeconfig names (or, self-contained, the one it carries).
/// </summary>
internal sealed class ApplicationFolder
{
    private readonly List<InputFile> _files = new();
    private readonly string _root;

    internal ApplicationFolder(string root, string fullPath, bool readDepsJson, bool weaveFramework)
    {
        _root = root;
        WeavesFramework = weaveFramework;
        FullPath = fullPath;
        RelativePath = Path.GetRelativePath(root, fullPath);
        RuntimeConfig = RuntimeConfigFiles.Read(fullPath);
        DepsJson = readDepsJson ? DepsJsonFiles.Read(fullPath) : DepsJsonFiles.None;
        Framework = FrameworkLocator.For(RuntimeConfig.FrameworkNames);

        // The framework's own assemblies (a self-contained app carries them all) are not the app's code.
        FrameworkFileNames = readDepsJson
            ? new HashSet<string>(Framework.FileNames.Concat(DepsJson.RuntimePackFileNames), StringComparer.OrdinalIgnoreCase)
            : new HashSet<string>(StringComparer.OrdinalIgnoreCase);
    }

    internal string FullPath { get; }

    /// <summary>The folder below the input's (<c>.</c> for the input's own).</summary>
    internal string RelativePath { get; }

    internal RuntimeConfigFiles RuntimeConfig { get; }

    internal DepsJsonFiles DepsJson { get; }

    internal FrameworkLocator Framework { get; }

    /// <summary>Its framework assemblies are woven too (<c>--framework</c>): those it carries, or copies of the shared ones it uses.</summary>
    internal bool WeavesFramework { get; }

    /// <summary>The file names that are the framework's here: the shared frameworks' and the runtime pack's.</summary>
    internal ISet<string> FrameworkFileNames { get; }

    /// <summary>The host starts it on the framework it carries (System.Private.CoreLib is in its folder), not a shared one.</summary>
    internal bool IsSelfContained => File.Exists(Path.Combine(FullPath, "System.Private.CoreLib.dll"));

    /// <summary>It has host files: an application the host starts, not only a folder of assemblies.</summary>
    internal bool IsApplication => HostFiles.Any();

    internal IReadOnlyList<InputFile> Files => _files;

    internal IEnumerable<InputFile> Assemblies => _files.Where(f => f.IsAssemblyCandidate);

    /// <summary>The app's host files (deps.json first), by their path below the input's folder: <c>tools/App.deps.json</c>.</summary>
    internal IEnumerable<string> HostFiles => DepsJson.Paths.Concat(RuntimeConfig.Paths).Select(p => Path.GetRelativePath(_root, p));

    /// <summary>How messages name the app: its first host file, or its folder when it has none.</summary>
    internal string Name => HostFiles.FirstOrDefault() ?? (RelativePath == "." ? _root : RelativePath);

    /// <summary>A file of the app by its path below the input's folder (<paramref name="name"/> alone for the input's own).</summary>
    internal string PathOf(string name) => RelativePath == "." ? name : Path.Combine(RelativePath, name);

    /// <summary>What was passed over among its host files, one line each naming the file.</summary>
    internal IEnumerable<string> Warnings =>
        RuntimeConfig.Problems.Select(p => p + "; passed over, so the frameworks it names are not searched for references.")
            .Concat(DepsJson.Problems.Select(p => p + "; passed over, so only the shared framework's file names tell framework assemblies apart."));

    internal void Add(InputFile file) => _files.Add(file);

    /// <summary>A resolver over the app's folders, <paramref name="referenceFolders"/>, its framework and the reference pack.</summary>
    internal ToolAssemblyResolver CreateResolver(IEnumerable<string> referenceFolders)
    {
        // Runtime-specific assets (runtimes/<rid>/lib/...) are what the host loads on a matching machine.
        var folders = new List<string> { FullPath };
        folders.AddRange(Assemblies.Select(f => Path.GetDirectoryName(f.FullPath)!).Where(d => d != FullPath).Distinct());
        folders.AddRange(referenceFolders.Select(Path.GetFullPath));
        folders.AddRange(Framework.SharedFrameworkDirectories);
        if (Framework.ReferencePackDirectory != null)
        {
            folders.Add(Framework.ReferencePackDirectory);
        }

        return new ToolAssemblyResolver(folders);
    }
}
