using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AuditWeaver.Fody.Engine;

namespace AuditWeaver.Tool.Output;

/// <summary>
/// Call sites per assembly and category, as a table: one row per assembly, one column per category that occurs, and a
/// total row and column. The weave summary and the scan's text report both show it.
/// </summary>
internal static class CategoryCounts
{
    internal static TextTable Table(IReadOnlyList<(string Assembly, IReadOnlyList<WovenSite> Sites)> assemblies)
    {
        var categories = assemblies.SelectMany(a => a.Sites).Select(s => s.Category).Distinct().OrderBy(c => c, StringComparer.Ordinal).ToList();
        var table = new TextTable(new[] { "assembly" }.Concat(categories).Append("total").ToArray());
        foreach (var (assembly, sites) in assemblies)
        {
            table.Add(Row(assembly, categories, sites));
        }

        if (assemblies.Count > 1)
        {
            table.Add(Row("total", categories, assemblies.SelectMany(a => a.Sites).ToList()));
        }

        return table;
    }

    /// <summary><c>file 9, process 1</c>: the categories of <paramref name="sites"/> with their counts.</summary>
    internal static string Describe(IEnumerable<WovenSite> sites) =>
        string.Join(", ", sites.GroupBy(s => s.Category).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key + " " + g.Count().ToString(CultureInfo.InvariantCulture)));

    private static string[] Row(string name, IEnumerable<string> categories, IReadOnlyCollection<WovenSite> sites) =>
        new[] { name }
            .Concat(categories.Select(c => sites.Count(s => s.Category == c).ToString(CultureInfo.InvariantCulture)))
            .Append(sites.Count.ToString(CultureInfo.InvariantCulture))
            .ToArray();
}
