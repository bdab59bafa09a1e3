using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using AuditWeaver.Tool.CommandLine;
using AuditWeaver.Tool.Scanning;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Tool;

/// <summary>
/// A real restore's assets file (an app referencing a project that references a package with a runtime-specific
/// assembly) damaged every way its shape allows: each value replaced by one of every other JSON kind, each property
/// removed, the text cut short. Reading it must either succeed or end in one line that names the file; any other
/// exception is a bug, which would reach the user as a stack trace.
/// </summary>
public class ProjectScanMutationTests : TempFixture
{
    private static readonly Func<JsonNode?>[] s_replacements =
    {
        () => JsonValue.Create(42),
        () => JsonValue.Create("x"),
        () => JsonValue.Create(true),
        () => new JsonArray(),
        () => new JsonObject(),
        () => null,
    };

    [Test]
    public void EveryDamagedAssetsFileIsReadOrNamedInOneLine()
    {
        var feed = new DriftPackageFeed(Temp);
        feed.Pack("1.0.0", ("lib/net10.0/DriftLibrary.dll", DriftPackageFeed.Version1), ("runtimes/linux-x64/lib/net10.0/DriftLibrary.dll", DriftPackageFeed.Version2));
        feed.Project(Path.Combine("Lib", "Lib.csproj"), DriftPackageFeed.Drift("1.0.0"));
        var app = feed.Project(Path.Combine("App", "App.csproj"), "<ProjectReference Include=\"../Lib/Lib.csproj\" />");
        feed.Restore(app);
        var assetsPath = Path.Combine(Path.GetDirectoryName(app)!, "obj", "project.assets.json");
        var original = File.ReadAllText(assetsPath);
        Assert.That(Read(assetsPath, app), Is.Null, "the original is read");

        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal) { ["read"] = 0, ["error"] = 0 };
        var failures = new List<string>();
        void Check(string mutated, string description)
        {
            File.WriteAllText(assetsPath, mutated);
            var error = Read(assetsPath, app);
            outcomes[error == null ? "read" : "error"]++;
            if (error != null && (error.Contains('\n', StringComparison.Ordinal) || !error.Contains(assetsPath, StringComparison.Ordinal)))
            {
                failures.Add(description + ": " + error);
            }
        }

        var paths = Paths(JsonNode.Parse(original)!).ToList();
        foreach (var path in paths)
        {
            foreach (var replacement in s_replacements)
            {
                var root = JsonNode.Parse(original)!;
                var node = At(root, path);
                var value = replacement();
                if (node?.GetValueKind() == value?.GetValueKind())
                {
                    continue;
                }

                node?.ReplaceWith(value);
                if (node == null)
                {
                    At(root, path[..^1])![path[^1]] = value;
                }

                Check(root.ToJsonString(), string.Join("/", path) + " = " + (value?.ToJsonString() ?? "null"));
            }

            var removed = JsonNode.Parse(original)!;
            At(removed, path[..^1])!.AsObject().Remove(path[^1]);
            Check(removed.ToJsonString(), "without " + string.Join("/", path));
        }

        for (var length = 0; length < original.Length; length += Math.Max(1, original.Length / 300))
        {
            Check(original[..length], "cut at " + length);
        }

        File.WriteAllText(assetsPath, original);
        Assert.That(failures, Is.Empty);
        Assert.That(outcomes["error"], Is.GreaterThan(paths.Count), "most damage is found");
        TestContext.Out.WriteLine(paths.Count + " values; read " + outcomes["read"] + ", refused in one line " + outcomes["error"]);
    }

    // The project file's own error, or null when it was read; anything but a usage error escapes and fails the test.
    private static string? Read(string assetsPath, string project)
    {
        try
        {
            ProjectAssets.Read(assetsPath, project, null, null);
            return null;
        }
        catch (UsageException exception)
        {
            return exception.Message;
        }
    }

    // The property paths of every value below the root, objects' properties only (arrays are values as a whole).
    private static IEnumerable<string[]> Paths(JsonNode node, string[]? prefix = null)
    {
        if (node is not JsonObject json)
        {
            yield break;
        }

        foreach (var (name, child) in json)
        {
            var path = (prefix ?? Array.Empty<string>()).Append(name).ToArray();
            yield return path;
            if (child != null)
            {
                foreach (var below in Paths(child, path))
                {
                    yield return below;
                }
            }
        }
    }

    private static JsonNode? At(JsonNode root, IEnumerable<string> path) => path.Aggregate<string, JsonNode?>(root, (node, name) => node?[name]);
}
