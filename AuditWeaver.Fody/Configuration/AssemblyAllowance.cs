using System;
using System.Collections.Generic;
using System.Linq;
using AuditWeaver.Catalog;
using AuditWeaver.Fody.Engine;

namespace AuditWeaver.Fody.Configuration;

/// <summary>
/// An allow list from <c>&lt;Allow assembly="Serilog*" categories="file" /&gt;</c>: the assemblies it names may use only
/// these categories and events. Assemblies that no allow list names are not restricted; an assembly named by several may
/// use what any of them allows. A call site outside its assembly's allow lists is a violation (the command-line scan
/// exits 1 on it; the Fody front fails the build).
/// </summary>
public sealed class AssemblyAllowance
{
    internal AssemblyAllowance(string assemblyPattern, IReadOnlyCollection<string> categories, IReadOnlyList<string> events)
    {
        AssemblyPattern = assemblyPattern;
        Categories = categories;
        Events = events;
    }

    /// <summary>An assembly name, or a pattern of them with <c>*</c>.</summary>
    public string AssemblyPattern { get; }

    public IReadOnlyCollection<string> Categories { get; }

    /// <summary>Event names or patterns allowed beyond the categories.</summary>
    public IReadOnlyList<string> Events { get; }

    /// <summary>The call sites of <paramref name="assemblyName"/> that no allow list naming it allows.</summary>
    public static IReadOnlyList<WovenSite> Violations(IEnumerable<AssemblyAllowance> allowances, string assemblyName, IEnumerable<WovenSite> sites)
    {
        var applicable = allowances.Where(a => Wildcard.IsMatch(a.AssemblyPattern, assemblyName)).ToList();
        return applicable.Count == 0
            ? Array.Empty<WovenSite>()
            : sites.Where(s => !applicable.Any(a => a.Allows(s.EventName, s.Category))).ToList();
    }

    /// <summary>
    /// One violation as both fronts report it: <c>Acme.Io: process.start is not in its &lt;Allow&gt; list (file, network):
    /// Acme.Io.Runner.Run calls M:System.Diagnostics.Process.Start(System.String) at Runner.cs:12.</c>
    /// </summary>
    public static string Message(IEnumerable<AssemblyAllowance> allowances, string assemblyName, WovenSite site)
    {
        var allowed = allowances.Where(a => Wildcard.IsMatch(a.AssemblyPattern, assemblyName)).SelectMany(a => a.Categories.Concat(a.Events)).Distinct().ToList();
        return assemblyName + ": " + site.EventName + " is not in its <Allow> list (" + (allowed.Count == 0 ? "nothing allowed" : string.Join(", ", allowed)) + "): "
            + site.Caller + " calls " + site.Api + (site.SourceFile == null ? "" : " at " + site.SourceFile + ":" + site.Line) + ".";
    }

    /// <summary>
    /// The unsafe code (AW0006, found only by a scan) of <paramref name="assemblyName"/> when allow lists name it and none
    /// of them allows the capability <c>unsafe</c>, each as both fronts report it.
    /// </summary>
    public static IReadOnlyList<string> UnsafeViolations(IEnumerable<AssemblyAllowance> allowances, string assemblyName, IEnumerable<WeaveDiagnostic> diagnostics)
    {
        var applicable = allowances.Where(a => Wildcard.IsMatch(a.AssemblyPattern, assemblyName)).ToList();
        if (applicable.Count == 0 || applicable.Any(a => a.Categories.Contains(DiagnosticIds.UnsafeCapability)))
        {
            return Array.Empty<string>();
        }

        var allowed = applicable.SelectMany(a => a.Categories.Concat(a.Events)).Distinct().ToList();
        return diagnostics.Where(d => d.Id == DiagnosticIds.UnsafeCode)
            .Select(d => assemblyName + ": unsafe is not in its <Allow> list (" + (allowed.Count == 0 ? "nothing allowed" : string.Join(", ", allowed)) + "): " + d.Method
                + (d.SourceFile == null ? string.Empty : " at " + d.SourceFile + ":" + d.Line) + ": " + d.Message)
            .ToList();
    }

    internal bool Allows(string eventName, string category) =>
        Categories.Contains(category) || Events.Any(p => Wildcard.IsMatch(p, eventName));
}
