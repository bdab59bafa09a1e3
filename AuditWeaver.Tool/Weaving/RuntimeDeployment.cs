using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AuditWeaver.Tool.Weaving;

/// <summary>
/// Makes a woven application folder run: woven code calls AuditWeaver.dll, so it is copied in (the build for the
/// application's framework) and added to each <c>*.deps.json</c>, which is the list of assemblies the .NET host loads.
/// </summary>
internal static class RuntimeDeployment
{
    private const string FileName = "AuditWeaver.dll";
    private const string Library = "AuditWeaver/1.0.0";

    /// <summary>Deploys into <paramref name="folder"/>; returns one line per thing done.</summary>
    internal static IReadOnlyList<string> Deploy(string folder)
    {
        var lines = new List<string>();
        var build = RuntimeBuild(folder);
        var source = Path.Combine(Path.GetDirectoryName(typeof(RuntimeDeployment).Assembly.Location)!, "runtime", build, FileName);
        if (!File.Exists(source))
        {
            throw new FileNotFoundException("The tool's copy of the AuditWeaver runtime is missing; reinstall the tool.", source);
        }

        var destination = Path.Combine(folder, FileName);
        if (File.Exists(destination) && Version(destination) > Version(source))
        {
            lines.Add("kept the application's own " + FileName + " (" + Version(destination) + "), newer than the tool's (" + Version(source) + ")");
        }
        else
        {
            AtomicFile.Copy(source, destination);
            lines.Add("copied " + FileName + " (" + build + " build, " + Version(source) + ")");
        }

        foreach (var deps in Directory.EnumerateFiles(folder, "*.deps.json").OrderBy(f => f, StringComparer.Ordinal))
        {
            lines.Add(Register(deps, FileVersionInfo.GetVersionInfo(destination).FileVersion ?? "1.0.0.0"));
        }

        return lines;
    }

    private static string Register(string depsPath, string fileVersion)
    {
        var name = Path.GetFileName(depsPath);
        JsonObject? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(depsPath)) as JsonObject;
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException(name + " is not valid JSON (" + exception.Message + "); the host could not load the woven app from it either.", exception);
        }

        if (root?["targets"] is not JsonObject targets)
        {
            throw new InvalidDataException(name + " has no \"targets\" object, so AuditWeaver.dll cannot be registered in it.");
        }

        var alreadyListed = targets.Select(t => t.Value).OfType<JsonObject>()
            .SelectMany(t => t.Select(l => l.Value?["runtime"]).OfType<JsonObject>())
            .Any(runtime => runtime.Any(asset => Path.GetFileName(asset.Key) == FileName));
        if (alreadyListed)
        {
            return name + " already lists " + FileName;
        }

        foreach (var target in targets.Select(t => t.Value).OfType<JsonObject>())
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
        AtomicFile.WriteAllText(depsPath, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return "registered " + FileName + " in " + name;
    }

    // Applications on .NET 8 or later get the net8.0 build (metrics and tracing too); anything else the netstandard2.0 one.
    private static string RuntimeBuild(string folder)
    {
        foreach (var config in Directory.EnumerateFiles(folder, "*.runtimeconfig.json"))
        {
            try
            {
                using var document = JsonDocument.Parse(File.ReadAllText(config));
                if (document.RootElement.TryGetProperty("runtimeOptions", out var options) && options.TryGetProperty("tfm", out var tfm)
                    && tfm.GetString() is { } moniker && moniker.StartsWith("net", StringComparison.Ordinal)
                    && System.Version.TryParse(moniker.Substring(3), out var version) && version.Major >= 8)
                {
                    return "net8.0";
                }
            }
            catch (JsonException)
            {
                // The host will say what is wrong with it; the netstandard2.0 build runs everywhere.
            }
        }

        return "netstandard2.0";
    }

    private static Version Version(string path) =>
        System.Version.TryParse(FileVersionInfo.GetVersionInfo(path).FileVersion, out var version) ? version : new Version(0, 0);
}
