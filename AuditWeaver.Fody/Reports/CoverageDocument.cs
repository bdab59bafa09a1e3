using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using AuditWeaver.Catalog;

namespace AuditWeaver.Fody.Reports;

/// <summary>
/// Writes docs/coverage.md: per category, how many public members of the listed types are audited out of how many
/// exist, and every exclusion with its reason. The members come from the framework's reference assemblies (the caller
/// enumerates them), so the page counts what exists, not only what the catalog mentions.
/// </summary>
internal static class CoverageDocument
{
    private const string DynamicBindingResource = "AuditWeaver.coverage-dlr.md";

    internal static string Write(AuditCatalog catalog, IReadOnlyDictionary<string, IReadOnlyList<string>> membersByType, string framework)
    {
        var text = new StringBuilder();
        text.Append("# Coverage\n\n");
        text.Append("How much of each sensitive framework type AuditWeaver audits, counted over every public and protected member in\n");
        text.Append("the ").Append(framework).Append(" reference assemblies. Generated from the catalog by a test (`CoverageDocumentTests`), which\n");
        text.Append("fails when this page is out of date; the completeness test fails when a member is neither audited nor excluded with\n");
        text.Append("a reason. Regenerate with `AUDITWEAVER_UPDATE_DOCS=1 dotnet test Tests --filter CoverageDocument`.\n\n");
        text.Append("- **Audited**: a call raises an event (docs/events.md).\n");
        text.Append("- **Guarded**: a call raises no event of its own but runs a guard or reroute (reading AuditWeaver's fields through\n");
        text.Append("  reflection is refused; a property read through reflection raises its getter's event).\n");
        text.Append("- **Excluded**: not audited, for the reason given (most operate on something whose acquisition is audited).\n\n");
        text.Append("Beyond these members, every call to a P/Invoke method (`native.call`), every unmanaged `calli` (`native.calli`), and\n");
        text.Append("every UnsafeAccessor call (`type-mutation.unsafeaccessor`) is audited; method groups and function pointers of audited\n");
        text.Append("members are routed through audited thunks; and what cannot be attributed at weave time is reported (AW0001-AW0005).\n\n");

        var rows = new List<(string Category, string Type, int Total, int Audited, int Guarded, int Excluded)>();
        foreach (var listed in catalog.Types)
        {
            var members = membersByType.TryGetValue(listed.TypeId, out var list) ? list : new List<string>();
            var audited = members.Count(m => catalog.TryGetEntry(m, out var e) && e.Event != null);
            var guarded = members.Count(m => catalog.TryGetEntry(m, out var e) && e.Event == null);
            rows.Add((listed.Category, listed.TypeId.Substring(2), members.Count, audited, guarded, members.Count - audited - guarded));
        }

        text.Append("## Summary\n\n| Category | Types | Members | Audited | Guarded | Excluded |\n|---|---|---|---|---|---|\n");
        foreach (var category in rows.GroupBy(r => r.Category))
        {
            text.Append("| ").Append(category.Key).Append(" | ").Append(Number(category.Count()))
                .Append(" | ").Append(Number(category.Sum(r => r.Total)))
                .Append(" | ").Append(Number(category.Sum(r => r.Audited)))
                .Append(" | ").Append(Number(category.Sum(r => r.Guarded)))
                .Append(" | ").Append(Number(category.Sum(r => r.Excluded))).Append(" |\n");
        }

        text.Append("| **all** | ").Append(Number(rows.Count)).Append(" | ").Append(Number(rows.Sum(r => r.Total)))
            .Append(" | ").Append(Number(rows.Sum(r => r.Audited))).Append(" | ").Append(Number(rows.Sum(r => r.Guarded)))
            .Append(" | ").Append(Number(rows.Sum(r => r.Excluded))).Append(" |\n");

        foreach (var category in rows.GroupBy(r => r.Category))
        {
            text.Append("\n## ").Append(category.Key).Append("\n\n| Type | Members | Audited | Guarded | Excluded |\n|---|---|---|---|---|\n");
            foreach (var row in category)
            {
                text.Append("| `").Append(row.Type).Append("` | ").Append(Number(row.Total)).Append(" | ").Append(Number(row.Audited))
                    .Append(" | ").Append(Number(row.Guarded)).Append(" | ").Append(Number(row.Excluded)).Append(" |\n");
            }

            var types = new HashSet<string>(category.Select(r => "M:" + r.Type + "."));
            text.Append("\nExcluded, by reason:\n\n");
            AppendByReason(text, catalog.Exclusions.Where(x => types.Any(t => x.Pattern.StartsWith(t, System.StringComparison.Ordinal))));
        }

        AppendBeyondListedTypes(text, catalog, rows.Select(r => "M:" + r.Type + ".").ToList());
        AppendNativeWrappers(text, catalog);
        FrameworkCoverageSection.Append(text);
        AppendDynamicBinding(text);
        return text.ToString();
    }

    // The completeness tests also sweep every other framework type; what they find there and leave unaudited is listed
    // here with its reason, so that no exclusion is hidden from readers of this page.
    private static void AppendBeyondListedTypes(StringBuilder text, AuditCatalog catalog, IReadOnlyList<string> listedPrefixes)
    {
        text.Append("\n## Beyond the listed types\n\n");
        text.Append("The completeness tests also go through every public member of every other framework type, and require each member\n");
        text.Append("that takes a path, a URI or an endpoint, takes or returns a `FileSystemInfo`, `FileInfo`, `DirectoryInfo`,\n");
        text.Append("`FileStream`, `SafeFileHandle` or `Socket`, or creates an object of a `Type` its caller names, to be audited (those\n");
        text.Append("members are in docs/events.md) or excluded here with a reason.\n\n");
        text.Append("Excluded, by reason:\n\n");
        AppendByReason(text, catalog.Exclusions.Where(x => !listedPrefixes.Any(t => x.Pattern.StartsWith(t, System.StringComparison.Ordinal))));
        text.Append("\nTypes left out as a whole, by reason:\n\n");
        AppendByReason(text, catalog.IgnoredTypes);
    }

    // Packages whose I/O happens in native code: no woven BCL call is on the path, so the catalog names their own
    // members (with the assembly that defines them) or says why not.
    private static void AppendNativeWrappers(StringBuilder text, AuditCatalog catalog)
    {
        text.Append("\n## Native wrappers\n\n");
        text.Append("Some packages open files or sockets inside a native library: the only woven call on the path is the P/Invoke, whose\n");
        text.Append("`native.call` names a function, not the resource. The catalog names their managed members, with the assembly that\n");
        text.Append("defines them, so that the standard event names the file or endpoint first. These entries take effect where the call\n");
        text.Append("is woven: in the app's own code, and inside the package when the package is woven too (the tool and the build\n");
        text.Append("weave packages).\n\n| API | Assembly | Event |\n|---|---|---|\n");
        foreach (var entry in catalog.PackageEntries.Where(e => e.Event != null))
        {
            text.Append("| `").Append(EventsDocument.ShortName(entry.MemberId)).Append("` | ").Append(entry.Assembly)
                .Append(" | `").Append(entry.Event!.Name).Append("` |\n");
        }

        text.Append("\nPackages considered, and what is covered:\n\n");
        foreach (var package in catalog.Packages)
        {
            text.Append("- ").Append(package.Pattern).Append(": ").Append(package.Reason).Append('\n');
        }
    }

    // The DLR's routes are catalog clauses, not listed types: what they cover and what they leave is prose, kept beside
    // this file (coverage-dlr.md, embedded): it names the DLR's call-site types, and one shares its name with an engine type
    // this folder must not use (EngineLayoutTests reads these files word by word).
    private static void AppendDynamicBinding(StringBuilder text)
    {
        using var stream = typeof(CoverageDocument).Assembly.GetManifestResourceStream(DynamicBindingResource)
            ?? throw new System.InvalidOperationException("The weaver's build lacks its embedded " + DynamicBindingResource + ".");
        using var reader = new System.IO.StreamReader(stream);
        text.Append('\n').Append(reader.ReadToEnd().Replace("\r\n", "\n"));
    }

    private static void AppendByReason(StringBuilder text, IEnumerable<CatalogExclusion> exclusions)
    {
        foreach (var reason in exclusions.GroupBy(x => x.Reason).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, System.StringComparer.Ordinal))
        {
            text.Append("- ").Append(reason.Key).Append(": ")
                .Append(string.Join(", ", reason.Select(x => "`" + Shown(x.Pattern) + "`"))).Append('\n');
        }
    }

    // A pattern that ends in a wildcard (every overload, every member with a prefix) is shown as written: shortening
    // its parameter list would make it read as one parameterless member.
    private static string Shown(string pattern) =>
        pattern.EndsWith("*", System.StringComparison.Ordinal) ? pattern.Substring(2) : EventsDocument.ShortName(pattern);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
