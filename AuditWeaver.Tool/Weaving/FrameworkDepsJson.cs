using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using AuditWeaver.Tool.Inputs;

namespace AuditWeaver.Tool.Weaving;

/// <summary>
/// Registers a framework-dependent app's woven copies of shared-framework assemblies in its deps.json, so that the host
/// puts them on the app's list of trusted assemblies instead of the shared framework's. The host (hostpolicy's
/// deps_resolver, resolve_tpa_list) reads the app's entries first, then each framework's, and a framework entry replaces
/// the app's when its assembly version is higher, or equal with a file version higher or EQUAL: an app-local copy that
/// claims the framework's own versions loses. So each copy claims the framework file's assembly version (what the
/// binder checks against references, unchanged by weaving) and its file version with the last part one higher. That wins
/// against the framework the app was woven against, and loses against any serviced one (a patch raises the build part)
/// or a newer major version rolled forward to: the host then loads the shared, unwoven file, and AuditWeaver.dll's
/// startup check refuses to run the app until it is woven again (docs/cli.md).
/// </summary>
internal static class FrameworkDepsJson
{
    private const string Library = "AuditWeaver.WovenFramework/1.0.0";

    /// <summary>Adds the copies to every deps.json of <paramref name="application"/>, written into <paramref name="applicationFolder"/>.</summary>
    internal static IReadOnlyList<string> Register(ApplicationFolder application, string applicationFolder, IReadOnlyList<WovenFrameworkAssembly> copies)
    {
        if (application.DepsJson.Documents.Count == 0)
        {
            return new[]
            {
                "warning: " + application.Name + " has no deps.json, so the host would load the shared framework's assemblies instead of the woven copies; "
                + "publish the app with its deps.json (GenerateDependencyFile) and weave it again.",
            };
        }

        var lines = new List<string>();
        foreach (var (path, root) in application.DepsJson.Documents)
        {
            var runtime = new JsonObject();
            foreach (var copy in copies.OrderBy(c => c.Name, System.StringComparer.Ordinal))
            {
                runtime[Path.GetFileName(copy.Target)] = new JsonObject
                {
                    ["assemblyVersion"] = copy.AssemblyVersion.ToString(),
                    ["fileVersion"] = ClaimedFileVersion(copy.FileVersion),
                };
            }

            foreach (var target in (root["targets"] as JsonObject ?? new JsonObject()).Select(t => t.Value).OfType<JsonObject>())
            {
                target[Library] = new JsonObject { ["runtime"] = runtime.DeepClone() };
            }

            var libraries = root["libraries"] as JsonObject ?? new JsonObject();
            root["libraries"] = libraries;
            libraries[Library] = new JsonObject { ["type"] = "project", ["serviceable"] = false, ["sha512"] = string.Empty };
            var name = Path.GetFileName(path);
            AtomicFile.WriteAllText(Path.Combine(applicationFolder, name), root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            lines.Add("framework: registered the " + copies.Count + " woven copies in " + application.PathOf(name) + " (each claims its file version plus one, so that the host prefers it to the shared one it was woven from)");
        }

        return lines;
    }

    /// <summary>The shared file's version with its last part one higher (the build part when the last is at its maximum).</summary>
    internal static string ClaimedFileVersion(System.Diagnostics.FileVersionInfo version)
    {
        var (major, minor, build, revision) = (version.FileMajorPart, version.FileMinorPart, version.FileBuildPart, version.FilePrivatePart);
        return revision < ushort.MaxValue ? major + "." + minor + "." + build + "." + (revision + 1) : major + "." + minor + "." + (build + 1) + ".0";
    }
}
