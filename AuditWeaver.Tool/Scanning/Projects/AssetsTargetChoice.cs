using System;
using System.Collections.Generic;
using System.Linq;
using AuditWeaver.Tool.CommandLine;

namespace AuditWeaver.Tool.Scanning;

/// <summary>
/// One target of a restore to scan: its key in <c>targets</c> (<c>net10.0</c>, or <c>net10.0/linux-x64</c> for a
/// runtime-specific one), its framework and runtime, and why it was chosen when that is worth saying.
/// </summary>
internal sealed record ChosenTarget(string Key, string Framework, string? Runtime, string? Note);

/// <summary>
/// Which targets of a restore are scanned. Every target framework, unless <c>--target-framework</c> names one. For each,
/// the runtime-specific target when <c>--runtime</c> names it or when the restore has exactly one (a project with a
/// <c>RuntimeIdentifier</c>: what its build copies); otherwise the portable target, whose packages' runtimes/&lt;rid&gt;/lib
/// assemblies are scanned too, since a portable build copies them all and the host picks one on the machine it runs on.
/// </summary>
internal static class AssetsTargetChoice
{
    /// <summary>
    /// The targets to scan among <paramref name="keys"/> (the assets file's <c>targets</c>); <paramref name="aliasesOf"/>
    /// gives the names a target framework goes by (its key, its short name, the project's alias), which
    /// <paramref name="targetFramework"/> may use. <paramref name="where"/> and <paramref name="project"/> name the
    /// assets file and its project in errors.
    /// </summary>
    internal static IReadOnlyList<ChosenTarget> Choose(IReadOnlyList<string> keys, Func<string, IReadOnlyCollection<string>> aliasesOf, string? targetFramework, string? runtime, string where, string? project)
    {
        var frameworks = keys.Where(k => !k.Contains('/', StringComparison.Ordinal)).ToList();
        if (frameworks.Count == 0)
        {
            throw new UsageException(where + ": the restore has no target framework; run " + ProjectAssets.Restore(project) + " to write it again.");
        }

        if (targetFramework != null)
        {
            var named = frameworks.Where(f => aliasesOf(f).Contains(targetFramework, StringComparer.OrdinalIgnoreCase)).ToList();
            frameworks = named.Count > 0
                ? named
                : throw new UsageException("--target-framework " + targetFramework + ": " + where + " has no such target framework (it has " + string.Join(", ", frameworks) + ").");
        }

        var chosen = new List<ChosenTarget>();
        foreach (var framework in frameworks)
        {
            var runtimes = keys.Where(k => k.StartsWith(framework + "/", StringComparison.Ordinal)).Select(k => k.Substring(framework.Length + 1)).ToList();
            if (runtime != null)
            {
                chosen.Add(runtimes.Contains(runtime, StringComparer.Ordinal)
                    ? new ChosenTarget(framework + "/" + runtime, framework, runtime, "--runtime " + runtime)
                    : throw new UsageException("--runtime " + runtime + ": " + where + " has no target for " + framework + " on " + runtime + " (runtimes restored: "
                        + (runtimes.Count == 0 ? "none" : string.Join(", ", runtimes)) + "); add <RuntimeIdentifiers>" + runtime
                        + "</RuntimeIdentifiers> to the project or run " + ProjectAssets.Restore(project, "-r " + runtime) + ", then scan again."));
            }
            else if (runtimes.Count == 1)
            {
                chosen.Add(new ChosenTarget(framework + "/" + runtimes[0], framework, runtimes[0], "the restore's only runtime: what a build for " + runtimes[0] + " copies"));
            }
            else
            {
                chosen.Add(new ChosenTarget(framework, framework, null, runtimes.Count == 0
                    ? null
                    : "portable, with each runtime's assemblies; restored also for " + string.Join(", ", runtimes) + ": --runtime <rid> scans what a build for one copies"));
            }
        }

        return chosen;
    }
}
