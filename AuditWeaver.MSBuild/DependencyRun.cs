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
/// One run of <see cref="WeaveDependencies"/> over a list of items: decides for each assembly whether it is woven, takes
/// the woven copy from the cache when nothing changed or weaves it, and maps the items to the copies.
/// </summary>
internal sealed class DependencyRun
{
    private const string CacheFileName = "dependencies.cache";

    private readonly WeaveDependencies _task;
    private readonly ConfigurationResult _configuration;
    private readonly DependencySelection? _selection;
    private readonly string _fingerprint;
    private readonly string _configurationLocation;
    private readonly bool _weavesFramework;
    private readonly Dictionary<string, string> _wovenCopies = new(StringComparer.Ordinal);
    private int _wovenNow;
    private int _unchanged;
    private int _passedOver;
    private int _notSelected;
    private int _failed;

    // selection: which dependencies are woven; null when none are, and only the framework is (Framework="true").
    internal DependencyRun(WeaveDependencies task, ConfigurationResult configuration, DependencySelection? selection, string fingerprint, string configurationLocation)
    {
        _task = task;
        _configuration = configuration;
        _selection = selection;
        _fingerprint = fingerprint;
        _configurationLocation = configurationLocation;
        _weavesFramework = task.WeavesFramework(configuration);
    }

    internal List<string> Written { get; } = new();

    internal int WovenNow => _wovenNow;

    internal List<ReportedDependency> Reported { get; } = new();

    /// <summary>The woven copies of framework assemblies (Framework="true") this run hands to the publish, by assembly name.</summary>
    internal SortedDictionary<string, string> WovenFramework { get; } = new(StringComparer.Ordinal);

    internal string Summary =>
        _wovenNow + " woven now, " + _unchanged + " woven before and unchanged, " + _passedOver + " passed over, " + _notSelected + " not selected"
        + (_failed > 0 ? ", " + _failed + " not woven" : string.Empty);

    internal ITaskItem[] Process(ITaskItem[] files)
    {
        var assemblies = files.Where(f => IsAssembly(f.ItemSpec)).GroupBy(f => f.GetMetadata("FullPath"), StringComparer.Ordinal).Select(g => g.First()).ToList();
        var cachePath = Path.Combine(_task.IntermediateDirectory, CacheFileName);
        var cache = WovenCopyCache.Load(cachePath);
        var resolverPaths = assemblies.Select(a => a.GetMetadata("FullPath"))
            .Concat(_task.FrameworkFiles.Select(f => f.GetMetadata("FullPath")))
            .Concat(_task.References.Select(r => r.GetMetadata("FullPath")));
        using (var resolver = new ReferenceResolver(resolverPaths))
        {
            foreach (var item in assemblies)
            {
                Consider(item, cache, resolver);
            }
        }

        cache.Save();
        if (File.Exists(cachePath))
        {
            Written.Add(cachePath);
        }

        return Map(files);
    }

    private void Consider(ITaskItem item, WovenCopyCache cache, ReferenceResolver resolver)
    {
        var source = item.GetMetadata("FullPath");
        var name = Path.GetFileNameWithoutExtension(source);

        // A copy this task wove (publish lists the build's copies again), or the project's own assembly, which Fody wove.
        if (item.GetMetadata("AuditWeaverOriginal").Length > 0 || IsUnder(source, _task.IntermediateDirectory) || _task.IsOwnAssembly(source))
        {
            return;
        }

        // Not the application's code, and so common that listing them would bury the rest; the framework's are woven
        // (Framework="true") under that switch, whatever Dependencies selects.
        var framework = _task.FrameworkFileNames.Contains(Path.GetFileName(source));
        if ((framework && !_weavesFramework) || name == RuntimeReferences.AssemblyName || name.EndsWith(".resources", StringComparison.OrdinalIgnoreCase))
        {
            _passedOver++;
            return;
        }

        if (_task.IsTestProject && DependencySelection.IsTestFramework(name))
        {
            Report(item, "not selected", "a test framework or test host, which is never woven", null);
            _notSelected++;
            return;
        }

        if (!framework && _selection?.Selects(name) != true)
        {
            Report(item, "not selected", _selection == null ? "the app's dependencies are not woven (Dependencies=\"" + _configuration.Dependencies + "\"); only its framework is" : "Dependencies=\"" + _selection + "\" does not name it", null);
            _notSelected++;
            return;
        }

        if (cache.Find(source, _fingerprint) is { } entry)
        {
            if (entry.Status == WovenCopyCache.Woven)
            {
                _unchanged++;
            }
            else
            {
                _passedOver++;
            }

            Reuse(item, entry, framework);
            return;
        }

        var destination = Path.Combine(_task.IntermediateDirectory, WovenCopyCache.HashOf(new[] { source }).Substring(0, 16), Path.GetFileName(source));
        var outcome = DependencyWeaver.Weave(source, destination, _configuration, resolver, _task.FrameworkFileNames, framework);
        var report = outcome.Weave?.Report;
        switch (outcome.Status)
        {
            case DependencyStatus.Woven:
                _wovenNow++;
                File.WriteAllText(ReportPath(destination), report ?? string.Empty);
                cache.Record(cache.Describe(source, _fingerprint, WovenCopyCache.Woven, destination));
                Reuse(item, cache.Find(source, _fingerprint)!, framework);
                foreach (var warning in outcome.Messages)
                {
                    _task.Log.LogWarning("AuditWeaver", null, null, _configurationLocation, 0, 0, 0, 0, Describe(item) + ": " + warning);
                }

                _task.Log.LogMessage(MessageImportance.Normal, "AuditWeaver: wove " + Describe(item) + ": " + outcome.Weave!.Result!.Sites.Count + " call sites, into " + destination + ".");
                break;
            case DependencyStatus.Skipped:
                _passedOver++;
                cache.Record(cache.Describe(source, _fingerprint, WovenCopyCache.Skipped, outcome.Detail!));
                Report(item, "skipped", outcome.Detail, report);
                break;
            case DependencyStatus.NotWoven:
                _failed++;
                cache.Forget(source);
                _task.Log.LogWarning("AuditWeaver", null, null, _configurationLocation, 0, 0, 0, 0, Describe(item) + " was not woven, and the build uses it as it is: " + outcome.Detail);
                Report(item, "not woven", outcome.Detail, null);
                break;
            case DependencyStatus.Refused:
                _failed++;
                cache.Forget(source);
                foreach (var error in outcome.Messages)
                {
                    _task.Log.LogError("AuditWeaver", null, null, _configurationLocation, 0, 0, 0, 0, Describe(item) + ": " + error);
                }

                Report(item, "refused", string.Join(" ", outcome.Messages.Select(m => m.ToString())), null);
                break;
        }
    }

    // A cached outcome: the woven copy and its report, or why the file was passed over.
    private void Reuse(ITaskItem item, CacheEntry entry, bool framework)
    {
        if (entry.Status != WovenCopyCache.Woven)
        {
            Report(item, "skipped", entry.Detail, null);
            return;
        }

        var woven = entry.Detail;
        _wovenCopies[entry.Source] = woven;
        if (framework)
        {
            WovenFramework[Path.GetFileNameWithoutExtension(woven)] = woven;
        }

        Written.Add(woven);
        var pdb = Path.ChangeExtension(woven, ".pdb");
        if (File.Exists(pdb))
        {
            Written.Add(pdb);
        }

        var reportPath = ReportPath(woven);
        var report = File.Exists(reportPath) ? File.ReadAllText(reportPath) : string.Empty;
        Written.Add(reportPath);
        Report(item, "woven", null, report.Length == 0 ? null : report);
    }

    private void Report(ITaskItem item, string status, string? reason, string? weaveReport)
    {
        var package = item.GetMetadata("NuGetPackageId");
        var version = item.GetMetadata("NuGetPackageVersion");
        Reported.Add(new ReportedDependency(Path.GetFileNameWithoutExtension(item.ItemSpec), item.GetMetadata("FullPath"), package.Length == 0 ? null : package, version.Length == 0 ? null : version, status, reason, weaveReport));
    }

    // The items again, each woven assembly (and its PDB) replaced by its copy. An item can reach the list twice, once as
    // the original and once already replaced (publish takes packages from the build's resolution and the rest from
    // ReferenceCopyLocalPaths): the two become one.
    private ITaskItem[] Map(ITaskItem[] files)
    {
        var result = new List<ITaskItem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in files)
        {
            var path = item.GetMetadata("FullPath");
            var mapped = item;
            if (_wovenCopies.TryGetValue(path, out var woven))
            {
                mapped = Replace(item, woven);
            }
            else if (path.EndsWith(".pdb", StringComparison.OrdinalIgnoreCase) && _wovenCopies.TryGetValue(Path.ChangeExtension(path, ".dll"), out var wovenAssembly))
            {
                // The original PDB no longer matches the woven code: the copy's own, or none.
                var wovenPdb = Path.ChangeExtension(wovenAssembly, ".pdb");
                if (!File.Exists(wovenPdb))
                {
                    continue;
                }

                mapped = Replace(item, wovenPdb);
            }
            else if (_task.Publishing && item.GetMetadata("AuditWeaverOriginal").Length > 0)
            {
                // A copy the build wove (a project reference's, listed from ReferenceCopyLocalPaths): marked the same way.
                mapped = Replace(item, path);
            }

            if (seen.Add(mapped.GetMetadata("FullPath") + "|" + Destination(mapped)))
            {
                result.Add(mapped);
            }
        }

        return result.ToArray();
    }

    private ITaskItem Replace(ITaskItem original, string path)
    {
        var item = new TaskItem(path);
        original.CopyMetadataTo(item);
        if (original.GetMetadata("AuditWeaverOriginal").Length == 0)
        {
            item.SetMetadata("AuditWeaverOriginal", original.GetMetadata("FullPath"));
        }

        if (_task.Publishing && IsAssembly(path))
        {
            item.SetMetadata("PostprocessAssembly", "true");
        }

        return item;
    }

    // Where the item lands in the output: publish items say so in RelativePath, copy-local items in DestinationSubPath.
    private static string Destination(ITaskItem item)
    {
        foreach (var name in new[] { "RelativePath", "DestinationSubPath" })
        {
            var value = item.GetMetadata(name);
            if (value.Length > 0)
            {
                return value;
            }
        }

        return item.GetMetadata("DestinationSubDirectory") + Path.GetFileName(item.ItemSpec);
    }

    private static bool IsUnder(string path, string directory) =>
        path.StartsWith(Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static bool IsAssembly(string path) => path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);

    private static string ReportPath(string woven) => Path.ChangeExtension(woven, ".auditweaver.json");

    private static string Describe(ITaskItem item)
    {
        var package = item.GetMetadata("NuGetPackageId");
        return Path.GetFileName(item.ItemSpec) + (package.Length == 0 ? string.Empty : " (package " + package + " " + item.GetMetadata("NuGetPackageVersion") + ")");
    }
}
