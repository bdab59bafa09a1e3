using System.Globalization;
using AuditWeaver.Fody.Engine;

namespace AuditWeaver.Tool.Scanning;

/// <summary>One call site in one line, as every text the scan prints names it.</summary>
internal static class SiteText
{
    /// <summary><c>Acme.Io.Runner.Run calls M:System.IO.File.Delete(System.String) (file.delete) at Runner.cs:12</c>.</summary>
    internal static string Describe(WovenSite site) =>
        site.Caller + " calls " + site.Api + " (" + site.EventName + ")" + Location(site);

    /// <summary><c> at file:line</c> when the PDB had it, else <c> at IL_002a</c>.</summary>
    internal static string Location(WovenSite site) =>
        site.SourceFile != null
            ? " at " + site.SourceFile + ":" + site.Line?.ToString(CultureInfo.InvariantCulture)
            : " at IL_" + site.ILOffset.ToString("x4", CultureInfo.InvariantCulture);
}
