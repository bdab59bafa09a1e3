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
/// Makes a woven application folder run: woven code calls AuditWeaver.dll, so it is copied in (the build for the
/// application's framework) and added to each <c>*.deps.json</c>, which is the list of assemblies the .NET host loads.
/// What the application's files or the tool's installation could do to stop it is checked by <see cref="Prepare"/>, before
/// the weave writes anything: an in-place weave cannot take back what it has written when the runtime then does not fit.
/// </summary>
internal sealed class RuntimeDeployment
{
    private const string FileName = "AuditWeaver.dll";
    private const string Library = "AuditWeaver/1.0.0";

    private readonly string _destination;
    private readonly string _build;
    private readonly string _source;
    private readonly IReadOnlyList<(string Name, JsonObject? Root)> _depsFiles;

    private RuntimeDeployment(string destination, string build, string source, IReadOnlyList<(string Name, JsonObject? Root)> depsFiles)
    {
        _destination = destination;
        _build = build;
        _source = source;
        _depsFiles = depsFiles;
    }

    /// <summary>
    /// Checks that the runtime can be deployed into <paramref name="destination"/> for an application of
    /// <paramref name="targetFrameworks"/> (its runtimeconfig's) with the deps.json files <paramref name="depsJson"/>;
    /// writes nothing. Throws InvalidDataException (a deps.json the runtime cannot be registered in) or IOException (the
    /// runtime cannot be copied), naming the file.
    /// </summary>
    internal static RuntimeDeployment Prepare(DepsJsonFiles depsJson, string destination, IEnumerable<string> targetFrameworks)
    {
        var build = RuntimeBuild(targetFrameworks);
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
        return new RuntimeDeployment(destination, build, source, unregistered);
    }

    /// <summary>Copies the runtime in and registers it; returns one line per thing done.</summary>
    internal IReadOnlyList<string> Deploy()
    {
        var lines = new List<string>();
        var destination = Path.Combine(_destination, FileName);
        if (File.Exists(destination) && Version(destination) > Version(_source))
        {
            lines.Add("kept the application's own " + FileName + " (" + Version(destination) + "), newer than the tool's (" + Version(_source) + ")");
        }
        else
        {
            AtomicFile.Copy(_source, destination);
            lines.Add("copied " + FileName + " (" + _build + " build, " + Version(_source) + ")");
        }

        var fileVersion = FileVersionInfo.GetVersionInfo(destination).FileVersion ?? "1.0.0.0";
        foreach (var (name, root) in _depsFiles)
        {
            lines.Add(root == null ? name + " already lists " + FileName : Register(name, root, fileVersion));
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
        return "registered " + FileName + " in " + name;
    }

    // Applications on .NET 8 or later get the net8.0 build (metrics and tracing too); anything else the netstandard2.0 one,
    // which runs everywhere (also when the runtimeconfig could not be read).
    private static string RuntimeBuild(IEnumerable<string> targetFrameworks) =>
        targetFrameworks.Any(moniker => moniker.StartsWith("net", StringComparison.Ordinal) && System.Version.TryParse(moniker.Substring(3), out var version) && version.Major >= 8)
            ? "net8.0"
            : "netstandard2.0";

    private static Version Version(string path) =>
        System.Version.TryParse(FileVersionInfo.GetVersionInfo(path).FileVersion, out var version) ? version : new Version(0, 0);
}
