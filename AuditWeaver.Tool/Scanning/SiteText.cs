using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AuditWeaver.Fody.Engine;

namespace AuditWeaver.Tool.Scanning;

/// <summary>One call site in one line, as every text the scan prints names it.</summary>
internal static class SiteText
{
    /// <summary><c>Acme.Io.Runner.Run calls M:System.IO.File.Delete(System.String) (file.delete) at Runner.cs:12</c>.</summary>
    internal static string Describe(WovenSite site) =>
        site.Caller + " calls " + site.Api + " (" + site.EventName + ")" + Location(site);

    /// <summary>The first few of <paramref name="items"/>, then how many more: a message stays readable for a large assembly.</summary>
    internal static string List(IReadOnlyList<string> items, int shown = 3) =>
        string.Join("; ", items.Take(shown)) + (items.Count > shown ? "; and " + (items.Count - shown).ToString(CultureInfo.InvariantCulture) + " more" : string.Empty);

    /// <summary><c> at file:line</c> when the PDB had it, else <c> at IL_002a</c>.</summary>
    internal static string Location(WovenSite site) =>
        site.SourceFile != null
            ? " at " + site.SourceFile + ":" + site.Line?.ToString(CultureInfo.InvariantCulture)
            : " at IL_" + site.ILOffset.ToString("x4", CultureInfo.InvariantCulture);
}
