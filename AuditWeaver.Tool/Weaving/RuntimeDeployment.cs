using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using AuditWeaver.Tool.Inputs;

namespace AuditWeaver.Tool.Weaving;

/// <summary>
/// Makes a woven application run: woven code calls AuditWeaver.dll, so it is copied into the app's folder (the build for
/// the application's framework) and added to each <c>*.deps.json</c> there, which is the list of assemblies the .NET host
/// loads; a single woven DLL gets the runtime beside it.
/// What the application's files or the tool's installation could do to stop it is checked by <see cref="Prepare"/>, before
/// the weave writes anything: an in-place weave cannot take back what it has written when the runtime then does not fit.
/// </summary>
internal sealed class RuntimeDeployment
{
    private const string FileName = "AuditWeaver.dll";
    private const string Library = "AuditWeaver/1.0.0";

    private readonly string _destination;
    private readonly string _build;
    private readonly string _shownFolder;
    private readonly bool _keepAny;
    private readonly IReadOnlyList<(string Name, JsonObject? Root)> _depsFiles;

    private RuntimeDeployment(string destination, string build, string source, string shownFolder, bool keepAny, IReadOnlyList<(string Name, JsonObject? Root)> depsFiles)
    {
        _destination = destination;
        _build = build;
        _shownFolder = shownFolder;
        _keepAny = keepAny;
        _depsFiles = depsFiles;
        Source = source;
    }

    /// <summary>The tool's copy of the runtime build that is deployed.</summary>
    internal string Source { get; }

    /// <summary>
    /// Checks that the runtime can be deployed into <paramref name="destination"/> in its <paramref name="build"/>
    /// (<see cref="BuildFor(IEnumerable{string})"/>) with the deps.json files <paramref name="depsJson"/>; writes nothing.
    /// Throws InvalidDataException (a deps.json the runtime cannot be registered in) or IOException (the runtime cannot
    /// be copied), naming the file. Lines name files below <paramref name="shownFolder"/> (the app's folder below the
    /// input's; <c>.</c> for the input's own). <paramref name="keepAny"/>: an AuditWeaver.dll already there is kept
    /// whatever its version (beside a single DLL, it is not the tool's to replace).
    /// </summary>
    internal static RuntimeDeployment Prepare(DepsJsonFiles depsJson, string destination, string build, string shownFolder, bool keepAny = false)
    {
        var source = Path.Combine(Path.GetDirectoryName(typeof(RuntimeDeployment).Assembly.Location)!, "runtime", build, FileName);
        if (!File.Exists(source))
        {
            throw new FileNotFoundException(source + ": the tool's copy of the AuditWeaver runtime is missing; reinstall the tool.", source);
        }

        var target = Path.Combine(destination, FileName);
        if (Directory.Exists(target))
        {
            throw new IOException(target + ": is a folder, so the runtime cannot be copied there.");
        }

        if (depsJson.Problems.Count > 0)
        {
            throw new InvalidDataException(depsJson.Problems[0] + "; AuditWeaver.dll cannot be registered in it, and the host could not load the application from it either.");
        }

        var unregistered = depsJson.Documents.Select(d => (Path.GetFileName(d.Path), Unregistered(d.Path, d.Document))).ToList();
        return new RuntimeDeployment(destination, build, source, shownFolder, keepAny, unregistered);
    }

    /// <summary>Copies the runtime in and registers it; returns one line per thing done.</summary>
    internal IReadOnlyList<string> Deploy()
    {
        var lines = new List<string>();
        var destination = Path.Combine(_destination, FileName);
        if (File.Exists(destination) && _keepAny)
        {
            lines.Add("kept the " + Shown(FileName) + " that was there (" + Version(destination) + ")");
        }
        else if (File.Exists(destination) && Version(destination) > Version(Source))
        {
            lines.Add("kept the application's own " + Shown(FileName) + " (" + Version(destination) + "), newer than the tool's (" + Version(Source) + ")");
        }
        else
        {
            AtomicFile.Copy(Source, destination);
            lines.Add("copied " + Shown(FileName) + " (" + _build + " build, " + Version(Source) + ")");
        }

        var fileVersion = FileVersionInfo.GetVersionInfo(destination).FileVersion ?? "1.0.0.0";
        foreach (var (name, root) in _depsFiles)
        {
            lines.Add(root == null ? Shown(name) + " already lists " + FileName : Register(name, root, fileVersion));
        }

        return lines;
    }

    // The document, or null when it already lists the runtime.
    private static JsonObject? Unregistered(string depsPath, JsonObject document)
    {
        if (document["targets"] is not JsonObject targets)
        {
            throw new InvalidDataException(depsPath + ": has no \"targets\" object, so AuditWeaver.dll cannot be registered in it.");
        }

        // Entries of another shape than the host's are passed over, not read: the indexer would throw on them.
        var alreadyListed = targets.Select(t => t.Value).OfType<JsonObject>()
            .SelectMany(t => t.Select(l => (l.Value as JsonObject)?["runtime"]).OfType<JsonObject>())
            .Any(runtime => runtime.Any(asset => Path.GetFileName(asset.Key) == FileName));
        return alreadyListed ? null : document;
    }

    private string Register(string name, JsonObject root, string fileVersion)
    {
        foreach (var target in root["targets"]!.AsObject().Select(t => t.Value).OfType<JsonObject>())
        {
            target[Library] = new JsonObject
            {
                ["runtime"] = new JsonObject
                {
                    [FileName] = new JsonObject { ["assemblyVersion"] = "1.0.0.0", ["fileVersion"] = fileVersion },
                },
            };
        }

        var libraries = root["libraries"] as JsonObject ?? new JsonObject();
        root["libraries"] = libraries;
        libraries[Library] = new JsonObject { ["type"] = "project", ["serviceable"] = false, ["sha512"] = string.Empty };
        AtomicFile.WriteAllText(Path.Combine(_destination, name), root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return "registered " + FileName + " in " + Shown(name);
    }

    /// <summary>
    /// The runtime build for an application of <paramref name="targetFrameworks"/> (its runtimeconfig's monikers): on
    /// .NET 8 or later the net8.0 build (metrics and tracing too); anything else the netstandard2.0 one, which runs
    /// everywhere (also when the runtimeconfig could not be read).
    /// </summary>
    internal static string BuildFor(IEnumerable<string> targetFrameworks) =>
        targetFrameworks.Any(moniker => moniker.StartsWith("net", StringComparison.Ordinal) && System.Version.TryParse(moniker.Substring(3), out var version) && version.Major >= 8)
            ? "net8.0"
            : "netstandard2.0";

    /// <summary>
    /// The runtime build for one assembly, by its TargetFrameworkAttribute (<c>.NETCoreApp,Version=v8.0</c>): a library
    /// for .NET 8 or later gets the net8.0 build, one for .NET Standard, .NET Framework or older .NET the netstandard2.0
    /// one, which every app that can load the library can load too.
    /// </summary>
    internal static string BuildFor(string? targetFramework) =>
        targetFramework != null && targetFramework.StartsWith(".NETCoreApp,Version=v", StringComparison.Ordinal)
            ? BuildFor(new[] { "net" + targetFramework.Substring(".NETCoreApp,Version=v".Length) })
            : "netstandard2.0";

    private string Shown(string name) => _shownFolder == "." ? name : Path.Combine(_shownFolder, name);

    private static Version Version(string path) =>
        System.Version.TryParse(FileVersionInfo.GetVersionInfo(path).FileVersion, out var version) ? version : new Version(0, 0);
}
