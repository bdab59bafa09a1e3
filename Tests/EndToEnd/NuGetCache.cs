using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using Tests.Infrastructure;

namespace Tests.EndToEnd;

/// <summary>The global packages folder restores fill, as the dotnet CLI reports it.</summary>
internal static class NuGetCache
{
    private static readonly Lazy<string> s_folder = new(() =>
    {
        var locals = DotNetCli.Run(Paths.RepositoryRoot, "nuget", "locals", "global-packages", "--list");
        const string Prefix = "global-packages: ";
        var line = locals.Output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(Prefix, StringComparison.Ordinal))
            ?? throw new InvalidOperationException("dotnet nuget locals named no global-packages folder:" + Environment.NewLine + locals);
        return line.Substring(Prefix.Length);
    });

    internal static string Folder => s_folder.Value;

    /// <summary>The folder of one package version (ids and versions are lower-case there).</summary>
    internal static string PackageFolder(string id, string version) => Path.Combine(Folder, id.ToLowerInvariant(), version.ToLowerInvariant());

    /// <summary>Every file of the package folders with its content hash and time stamp: what "untouched" compares.</summary>
    internal static IReadOnlyDictionary<string, string> Snapshot(IEnumerable<(string Id, string Version)> packages) =>
        packages.Select(p => PackageFolder(p.Id, p.Version))
            .SelectMany(folder => Directory.GetFiles(folder, "*", SearchOption.AllDirectories))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToDictionary(f => f, f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))) + " " + File.GetLastWriteTimeUtc(f).Ticks, StringComparer.Ordinal);
}
