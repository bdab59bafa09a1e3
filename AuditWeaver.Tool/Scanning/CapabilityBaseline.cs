using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using AuditWeaver.Fody.Engine;
using AuditWeaver.Tool.CommandLine;
using AuditWeaver.Tool.Processing;

namespace AuditWeaver.Tool.Scanning;

/// <summary>
/// capabilities.lock.json: per assembly name (not version, so that an upgrade is compared with what it replaces), the
/// categories, events and escape hatches (diagnostic ids such as AW0004 for P/Invoke) it used when the baseline was
/// written. A scan fails when an assembly uses one that its entry lacks, or is not listed and uses anything.
/// </summary>
internal sealed class CapabilityBaseline
{
    private const int FormatVersion = 1;

    private readonly SortedDictionary<string, Entry> _assemblies;

    private CapabilityBaseline(SortedDictionary<string, Entry> assemblies)
    {
        _assemblies = assemblies;
    }

    internal static CapabilityBaseline From(IEnumerable<ProcessedAssembly> assemblies, IReadOnlyDictionary<string, PackageAssembly> packages) =>
        new(new SortedDictionary<string, Entry>(
            assemblies.Where(a => a.Status == AssemblyStatus.Processed).GroupBy(a => a.Name).ToDictionary(g => g.Key, g => g.Select(a => Entry.Of(a, packages)).Aggregate(Entry.Union)),
            StringComparer.Ordinal));

    internal static CapabilityBaseline Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new UsageException("--baseline " + path + " does not exist; write it first with --update-baseline.");
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number || version.GetInt32() != FormatVersion
                || !root.TryGetProperty("assemblies", out var assemblies) || assemblies.ValueKind != JsonValueKind.Object)
            {
                throw new UsageException("--baseline " + path + " is not a capability baseline: expected {\"version\": 1, \"assemblies\": {...}} as --update-baseline writes it.");
            }

            var entries = new SortedDictionary<string, Entry>(StringComparer.Ordinal);
            foreach (var assembly in assemblies.EnumerateObject())
            {
                entries[assembly.Name] = new Entry(
                    assembly.Value.TryGetProperty("version", out var v) ? v.GetString() ?? string.Empty : string.Empty,
                    Strings(assembly.Value, "categories"),
                    Strings(assembly.Value, "events"),
                    Strings(assembly.Value, "escapeHatches"),
                    assembly.Value.TryGetProperty("package", out var package) ? package.GetString() : null,
                    assembly.Value.TryGetProperty("packageVersion", out var packageVersion) ? packageVersion.GetString() : null);
            }

            return new CapabilityBaseline(entries);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new UsageException("--baseline " + path + ": cannot be read (" + exception.Message.TrimEnd('.') + ").");
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException)
        {
            throw new UsageException("--baseline " + path + " is not a capability baseline (" + exception.Message.TrimEnd('.') + "); write it again with --update-baseline.");
        }
    }

    internal void Save(string path)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("$comment", "Written by auditweaver scan --update-baseline: what each assembly may use. A scan with --baseline fails when an assembly gains anything not listed here.");
            json.WriteNumber("version", FormatVersion);
            json.WriteStartObject("assemblies");
            foreach (var (name, entry) in _assemblies)
            {
                json.WriteStartObject(name);
                json.WriteString("version", entry.Version);
                if (entry.Package != null)
                {
                    json.WriteString("package", entry.Package);
                    json.WriteString("packageVersion", entry.PackageVersion);
                }

                WriteStrings(json, "categories", entry.Categories);
                WriteStrings(json, "events", entry.Events);
                WriteStrings(json, "escapeHatches", entry.EscapeHatches);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        Weaving.AtomicFile.WriteAllText(Path.GetFullPath(path), System.Text.Encoding.UTF8.GetString(stream.ToArray()) + "\n");
    }

    /// <summary>What each scanned assembly uses that its baseline entry lacks, with the call sites that use it.</summary>
    internal IReadOnlyList<Violation> Compare(IEnumerable<ProcessedAssembly> assemblies, string baselineName, IReadOnlyDictionary<string, PackageAssembly> packages)
    {
        var violations = new List<Violation>();
        foreach (var assembly in assemblies.Where(a => a.Status == AssemblyStatus.Processed))
        {
            var known = _assemblies.TryGetValue(assembly.Name, out var entry) ? entry : Entry.Empty;
            var current = Entry.Of(assembly, packages);
            var sites = assembly.Result!.Sites;
            var listed = entry == null ? " (not listed in " + baselineName + ")" : " (" + known.Version + " in " + baselineName + ", now " + current.Version + ")";

            // From a project's restore: "package Acme.Lib 1.2.0 -> 1.3.0 gained category network (assembly Acme.Lib)".
            var subject = assembly.Name;
            if (current.Package != null)
            {
                subject = "package " + current.Package + " " + (known.PackageVersion is { } before && before != current.PackageVersion ? before + " -> " : string.Empty) + current.PackageVersion;
                var via = packages[assembly.File.RelativePath].Via is { Count: > 0 } chain ? ", via " + string.Join(" -> ", chain) : string.Empty;
                listed = " (assembly " + assembly.Name + via + (entry == null ? ", not listed in " + baselineName : string.Empty) + ")";
            }

            foreach (var category in current.Categories.Except(known.Categories))
            {
                violations.Add(Gained(assembly.Name, subject, "category " + category, listed, sites.Where(s => s.Category == category).ToList()));
            }

            foreach (var eventName in current.Events.Except(known.Events).Where(e => known.Categories.Contains(EventCategory(e))))
            {
                violations.Add(Gained(assembly.Name, subject, "event " + eventName, listed, sites.Where(s => s.EventName == eventName).ToList()));
            }

            foreach (var hatch in current.EscapeHatches.Except(known.EscapeHatches))
            {
                var where = assembly.Result.Diagnostics.Where(d => d.Id == hatch).Select(d => d.Method + (d.SourceFile == null ? string.Empty : " at " + d.SourceFile + ":" + d.Line)).Distinct();
                violations.Add(new Violation("baseline", assembly.Name, "escape hatch " + hatch, subject + " gained escape hatch " + hatch + " (" + DiagnosticIds.All[hatch].Title + ")" + listed + ": " + SiteText.List(where.ToList()), Array.Empty<WovenSite>()));
            }
        }

        return violations;
    }

    private static Violation Gained(string assembly, string subject, string capability, string listed, IReadOnlyList<WovenSite> sites) =>
        new("baseline", assembly, capability, subject + " gained " + capability + listed + ": " + string.Join("; ", sites.Select(SiteText.Describe)), sites);

    private static string EventCategory(string eventName) => AuditWeaver.Catalog.CatalogCategories.CategoryOf(eventName);

    private static SortedSet<string> Strings(JsonElement element, string name) =>
        element.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? new SortedSet<string>(array.EnumerateArray().Select(e => e.GetString() ?? string.Empty), StringComparer.Ordinal)
            : new SortedSet<string>(StringComparer.Ordinal);

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private sealed record Entry(string Version, SortedSet<string> Categories, SortedSet<string> Events, SortedSet<string> EscapeHatches, string? Package = null, string? PackageVersion = null)
    {
        internal static Entry Empty { get; } = new(string.Empty, new SortedSet<string>(), new SortedSet<string>(), new SortedSet<string>());

        // The same assembly can ship more than once in a folder (runtimes/win/lib/... beside the portable one).
        internal static Entry Union(Entry first, Entry second) => new(
            first.Version,
            new SortedSet<string>(first.Categories.Concat(second.Categories), StringComparer.Ordinal),
            new SortedSet<string>(first.Events.Concat(second.Events), StringComparer.Ordinal),
            new SortedSet<string>(first.EscapeHatches.Concat(second.EscapeHatches), StringComparer.Ordinal),
            first.Package ?? second.Package,
            first.PackageVersion ?? second.PackageVersion);

        internal static Entry Of(ProcessedAssembly assembly, IReadOnlyDictionary<string, PackageAssembly> packages)
        {
            var result = assembly.Result!;
            var package = packages.TryGetValue(assembly.File.RelativePath, out var origin) ? origin : null;
            return new Entry(
                assembly.Module!.Assembly.Name.Version.ToString(),
                new SortedSet<string>(result.Sites.Select(s => s.Category), StringComparer.Ordinal),
                new SortedSet<string>(result.Sites.Select(s => s.EventName), StringComparer.Ordinal),
                new SortedSet<string>(result.Diagnostics.Select(d => d.Id).Where(id => id.StartsWith("AW0", StringComparison.Ordinal)), StringComparer.Ordinal),
                package?.Package,
                package?.Version);
        }
    }
}
