using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace AuditWeaver.Fody.Applications;

/// <summary>
/// Where the framework's assemblies are: the shared frameworks an application folder runs on (as its
/// <c>*.runtimeconfig.json</c> names them; the newest installed version stands in for one that is not installed) and the
/// reference pack. References are resolved there, and framework assemblies found in an application are not woven.
/// </summary>
internal sealed class FrameworkLocator
{
    private const string NetCoreApp = "Microsoft.NETCore.App";

    private FrameworkLocator(IReadOnlyList<string> sharedFrameworks, string? referencePack)
    {
        SharedFrameworkDirectories = sharedFrameworks;
        ReferencePackDirectory = referencePack;
        FileNames = new HashSet<string>(
            sharedFrameworks.SelectMany(d => Directory.EnumerateFiles(d, "*.dll")).Select(Path.GetFileName).OfType<string>(),
            StringComparer.OrdinalIgnoreCase);
    }

    internal IReadOnlyList<string> SharedFrameworkDirectories { get; }

    internal string? ReferencePackDirectory { get; }

    /// <summary>The file names of every assembly in the shared frameworks (System.Text.Json.dll, ...).</summary>
    internal ISet<string> FileNames { get; }

    /// <summary>
    /// The frameworks an application names (its runtimeconfig's), or the one this process runs on, in the .NET installation
    /// at <paramref name="dotnetRoot"/> (the one this process runs from when null: a build under Visual Studio's MSBuild
    /// runs on .NET Framework and passes the SDK's).
    /// </summary>
    internal static FrameworkLocator For(IEnumerable<string> frameworkNames, string? dotnetRoot = null)
    {
        // <dotnet>/shared/Microsoft.NETCore.App/<version>/
        var running = RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar);
        var root = dotnetRoot ?? Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(running)))!;
        var shared = Path.Combine(root, "shared");
        var directories = frameworkNames.Prepend(NetCoreApp)
            .Distinct(StringComparer.Ordinal)
            .Select(name => Newest(Path.Combine(shared, name)))
            .OfType<string>()
            .DefaultIfEmpty(running)
            .Distinct()
            .ToList();
        var referencePack = Newest(Path.Combine(root, "packs", NetCoreApp + ".Ref")) is { } pack
            ? Directory.EnumerateDirectories(Path.Combine(pack, "ref")).OrderByDescending(d => d, StringComparer.Ordinal).FirstOrDefault()
            : null;
        return new FrameworkLocator(directories, referencePack);
    }

    private static string? Newest(string directory) =>
        Directory.Exists(directory)
            ? Directory.EnumerateDirectories(directory)
                .Select(d => (Path: d, Version: Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : null))
                .Where(d => d.Version != null)
                .OrderByDescending(d => d.Version)
                .Select(d => d.Path)
                .FirstOrDefault()
            : null;
}
