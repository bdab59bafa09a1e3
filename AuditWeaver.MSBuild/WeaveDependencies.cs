using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AuditWeaver.Fody.Configuration;
using AuditWeaver.Fody.Engine;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace AuditWeaver.MSBuild;

/// <summary>
/// Weaves the dependencies among a list of the SDK's items (ReferenceCopyLocalPaths on build, ResolvedFileToPublish on
/// publish) into copies under obj/, and hands the list back with each woven dependency's item pointing at its copy (same
/// metadata, so deps.json, ReadyToRun, trimming and bundling treat it as the original). Inputs are never written: not
/// the NuGet cache, not a referenced project's output. Which dependencies: the <c>Dependencies</c> attribute of
/// <c>&lt;AuditWeaver&gt;</c> (<see cref="DependencySelection"/>); a framework assembly, the runtime, a reference or
/// satellite assembly, or one already woven is passed over.
/// </summary>
public sealed class WeaveDependencies : Task
{
    private HashSet<string>? _own;
    private HashSet<string>? _framework;

    /// <summary>The items to look through; every one comes back in <see cref="Result"/>, replaced or not.</summary>
    [Required]
    public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The framework's own assemblies (RuntimePackAsset in a self-contained app): never woven.</summary>
    public ITaskItem[] FrameworkFiles { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The project's own assembly (IntermediateAssembly), which Fody wove: never a dependency.</summary>
    public ITaskItem[] OwnAssemblies { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>What the compiler referenced (ReferencePath): where a dependency's references are found after the app's files.</summary>
    public ITaskItem[] References { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>Where woven copies, their cache and the report go: a folder of this project's obj/.</summary>
    [Required]
    public string IntermediateDirectory { get; set; } = string.Empty;

    /// <summary>The project's FodyWeavers.xml (read when <see cref="WeaverConfiguration"/> is empty, as Fody does).</summary>
    public string? ConfigurationFile { get; set; }

    /// <summary>The WeaverConfiguration property: FodyWeavers.xml's content given in the project, which Fody prefers.</summary>
    public string? WeaverConfiguration { get; set; }

    /// <summary>Whether the project builds an executable (dependencies are woven by default) or a library (they are not).</summary>
    public bool IsExecutable { get; set; }

    /// <summary>A test project (IsTestProject, Microsoft.NET.Test.Sdk): dependencies are not woven by default, test frameworks never.</summary>
    public bool IsTestProject { get; set; }

    /// <summary>The app's name, for messages and the report.</summary>
    public string ApplicationName { get; set; } = string.Empty;

    /// <summary>
    /// The items are publish items: a woven copy is marked for the SDK's post-processing (trimming, ReadyToRun) as its
    /// original would have been. The SDK marks assemblies by matching its own lists of package and reference paths,
    /// which name the originals; unmarked, a copy would be neither trimmed nor precompiled, and trimming would remove
    /// framework facades the copy still references.
    /// </summary>
    public bool Publishing { get; set; }

    /// <summary>
    /// The app is published self-contained: with <c>Framework="true"</c> its framework assemblies (<see cref="FrameworkFiles"/>,
    /// which a publish lists among the files) are woven too, but for System.Private.CoreLib.
    /// </summary>
    public bool SelfContained { get; set; }

    /// <summary>Where to write the dependencies report (<see cref="DependenciesReport"/>); none when empty.</summary>
    public string? ReportFile { get; set; }

    /// <summary><see cref="Files"/> with woven copies in place of their originals.</summary>
    [Output]
    public ITaskItem[] Result { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>
    /// On a publish that weaves the framework: the start-up manifest (AuditWeaver.framework.txt, written under
    /// <see cref="IntermediateDirectory"/>) as a publish item that lands beside the app and stays out of a single-file
    /// bundle, because the runtime reads it from the app's folder. Empty otherwise.
    /// </summary>
    [Output]
    public ITaskItem[] FrameworkManifestFile { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The files this task wrote or keeps (woven copies, their PDBs and reports, the cache), for incremental clean.</summary>
    [Output]
    public ITaskItem[] Written { get; set; } = Array.Empty<ITaskItem>();

    public override bool Execute()
    {
        Result = Files;
        var configuration = ConfigurationSource.Read(ConfigurationFile, WeaverConfiguration, out var element, out var location);
        if (configuration == null || configuration.HasErrors)
        {
            // No <AuditWeaver> in the weavers: the add-in is off. With errors, Fody has already failed the build naming them.
            Log.LogMessage(MessageImportance.Low, "AuditWeaver: no dependency weaving (" + (configuration == null ? "no <AuditWeaver> in " + location : "the configuration has errors") + ").");
            return true;
        }

        var selection = configuration.Dependencies;
        var weavesDependencies = selection.AppliesTo(IsExecutable, IsTestProject);

        // Framework="true" weaves the framework on a self-contained publish whatever Dependencies says.
        if (!weavesDependencies && !WeavesFramework(configuration))
        {
            Log.LogMessage(MessageImportance.Low, "AuditWeaver: " + ApplicationName + "'s dependencies are not woven (Dependencies=\"" + selection + "\"; " + (IsTestProject ? "a test project" : IsExecutable ? "an executable" : "a library") + ").");
            DeleteReport();
            return true;
        }

        var run = new DependencyRun(this, configuration, weavesDependencies ? selection : null, ConfigurationSource.Fingerprint(element, typeof(WeaveDependencies), typeof(AssemblyWeaving)), location);
        Result = run.Process(Files);
        Written = run.Written.Select(p => (ITaskItem)new TaskItem(p)).ToArray();
        if (run.WovenFramework.Count > 0)
        {
            var manifest = FrameworkManifestWriter.Write(IntermediateDirectory, run.WovenFramework.Values);
            FrameworkManifestFile = new[] { manifest };
            Written = Written.Append(new TaskItem(manifest.ItemSpec)).ToArray();
        }

        if (!string.IsNullOrEmpty(ReportFile))
        {
            DependenciesReport.Write(ReportFile!, ApplicationName, run.Reported);
            Written = Written.Append(new TaskItem(ReportFile)).ToArray();
        }

        // Shown by a plain build only when something was woven: an up-to-date build stays quiet.
        Log.LogMessage(run.WovenNow > 0 ? MessageImportance.High : MessageImportance.Normal, "AuditWeaver: " + ApplicationName + "'s dependencies: " + run.Summary + ".");
        return !Log.HasLoggedErrors;
    }

    /// <summary>Whether this run weaves the framework's assemblies: <c>Framework="true"</c> on a self-contained publish.</summary>
    internal bool WeavesFramework(ConfigurationResult configuration) => configuration.Framework && Publishing && SelfContained;

    internal bool IsOwnAssembly(string path) => (_own ??= PathsOf(OwnAssemblies)).Contains(path);

    /// <summary>The framework's file names, as the shared classification rules take them.</summary>
    internal ISet<string> FrameworkFileNames => _framework ??= new HashSet<string>(FrameworkFiles.Select(f => Path.GetFileName(f.ItemSpec)), StringComparer.OrdinalIgnoreCase);

    private static HashSet<string> PathsOf(IEnumerable<ITaskItem> items) => new(items.Select(i => i.GetMetadata("FullPath")), StringComparer.Ordinal);

    private void DeleteReport()
    {
        if (!string.IsNullOrEmpty(ReportFile) && File.Exists(ReportFile))
        {
            File.Delete(ReportFile);
        }
    }
}
