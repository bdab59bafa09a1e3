using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using AuditCatalog = AuditWeaver.Catalog.AuditCatalog;
using Tests.Infrastructure;

namespace Tests.Compatibility;

/// <summary>
/// A <see cref="CatalogCallsModule"/> woven by one released weaver and committed as it came out
/// (Tests/Compatibility/Woven/VERSION/), with the event and API each of its call sites raised when it was made. Newer
/// runtimes must keep running it: it calls every runtime member that weaver's output could call.
/// </summary>
internal sealed class WovenFixture
{
    internal const string AssemblyFile = "CatalogCalls.dll";
    internal const string SitesFile = "CatalogCalls.sites.txt";

    private WovenFixture(string directory)
    {
        Directory = directory;
    }

    /// <summary>The event of a listed call whose entry only guards or reroutes: it is in the module, and not run.</summary>
    internal const string NoEvent = "none";

    internal static string Root => Path.Combine(Paths.RepositoryRoot, "Tests", "Compatibility", "Woven");

    /// <summary>The weaver versions with a committed fixture, one folder each.</summary>
    internal static IEnumerable<string> Versions =>
        System.IO.Directory.GetDirectories(Root).Select(Path.GetFileName).OrderBy(v => v, StringComparer.Ordinal)!;

    internal static IEnumerable<WovenFixture> All => Versions.Select(Of);

    internal static WovenFixture Of(string version) => new(Path.Combine(Root, version));

    internal string Directory { get; }

    internal string Version => Path.GetFileName(Directory);

    internal string AssemblyPath => Path.Combine(Directory, AssemblyFile);

    /// <summary>Method name to the event name and API its call site was woven to raise.</summary>
    internal IReadOnlyDictionary<string, (string Event, string Api)> Sites =>
        File.ReadAllLines(Path.Combine(Directory, SitesFile))
            .Select(l => l.Split('\t'))
            .ToDictionary(f => f[0], f => (f[1], f[2]), StringComparer.Ordinal);

    /// <summary>
    /// Weaves the current catalog's calls with the current weaver into <paramref name="directory"/>: run by hand when a
    /// weaver version is released (see docs/architecture.md), never by the tests.
    /// </summary>
    internal static void Write(string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        // Entries without an event only guard or reroute: the module calls them too, so that the route functions only their
        // clauses call are frozen; having no event to be checked by, they are listed with the event "none" and not run.
        var entries = AuditCatalog.BuiltIn.Entries.ToList();
        var (result, image) = CatalogCallsModule.Weave(entries);
        File.WriteAllBytes(Path.Combine(directory, AssemblyFile), image);
        var clauseOnly = entries.Select((e, i) => (Entry: e, Index: i)).Where(p => p.Entry.Event == null)
            .Select(p => "Call" + p.Index.ToString(CultureInfo.InvariantCulture) + "\t" + NoEvent + "\t" + p.Entry.MemberId);
        File.WriteAllLines(
            Path.Combine(directory, SitesFile),
            result.Sites.Select(s => MethodName(s.Method) + "\t" + s.EventName + "\t" + s.Api).Concat(clauseOnly).OrderBy(l => int.Parse(l.Substring(4, l.IndexOf('\t') - 4), CultureInfo.InvariantCulture)));
    }

    // "System.Void CatalogCalls::Call12()" -> "Call12".
    private static string MethodName(string method) => method.Substring(method.IndexOf("::", StringComparison.Ordinal) + 2).TrimEnd('(', ')');
}
