using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Tool.Layouts;

/// <summary>
/// The apps of Fixtures/Layouts, built once for every layout test: one <c>dotnet pack</c> of the tool (which publishes
/// LayoutApp into its sub/ and LayoutOther beside), and one <c>dotnet tool install --tool-path</c> of it. Tests copy
/// what they weave in place; these folders stay as built.
/// </summary>
[SetUpFixture]
public class LayoutApps
{
    private static TempDirectory? s_temp;

    /// <summary>LayoutApp published: LayoutApp.dll, LayoutLib.dll, LayoutApp.deps.json (no AuditWeaver in it).</summary>
    internal static string App => Path.Combine(Root, "projects", "LayoutTool", "obj", "sub");

    /// <summary>LayoutOther published: it references AuditWeaver.dll itself and prints what its hook sees.</summary>
    internal static string Other => Path.Combine(Root, "other");

    /// <summary>The folder `dotnet tool install --tool-path` installed LayoutTool into: the shim `layout-tool` and its store.</summary>
    internal static string Tools => Path.Combine(Root, "tools");

    internal static string Root => s_temp?.Path ?? throw new InvalidOperationException("The layout apps were not built.");

    /// <summary>The net8.0 build of the runtime, as the tool deploys it.</summary>
    internal static string RuntimeNet8 => Path.Combine(Path.GetDirectoryName(Paths.ToolAssembly)!, "runtime", "net8.0", "AuditWeaver.dll");

    [OneTimeSetUp]
    public void Build()
    {
        s_temp = new TempDirectory();
        var projects = Path.Combine(Root, "projects");
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Paths.RepositoryRoot, "Fixtures", "Layouts"), "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".csproj", StringComparison.Ordinal))
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal) && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
        {
            var target = Path.Combine(projects, Path.GetRelativePath(Path.Combine(Paths.RepositoryRoot, "Fixtures", "Layouts"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        DotNetCli.Succeed(projects, "pack", Path.Combine("LayoutTool", "LayoutTool.csproj"), "-c", "Release", "-o", Path.Combine(Root, "feed"),
            "-p:OtherOutput=" + Other, "-p:AuditWeaverRuntime=" + RuntimeNet8);
        DotNetCli.Succeed(Root, "tool", "install", "LayoutTool", "--tool-path", Tools, "--add-source", Path.Combine(Root, "feed"), "--version", "1.0.0");
    }

    [OneTimeTearDown]
    public void Delete() => s_temp?.Dispose();

    /// <summary>A copy of <paramref name="folder"/> at <paramref name="destination"/> (links kept as links).</summary>
    internal static string Copy(string folder, string destination)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(folder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(target, File.GetUnixFileMode(file));
            }
        }

        return destination;
    }

    /// <summary>Runs <paramref name="program"/> with AUDITWEAVER_LOG at <paramref name="log"/> (and AUDITWEAVER_DENY when given).</summary>
    internal static ProcessResult Run(string program, IEnumerable<string> arguments, string log, string? deny = null) =>
        ProcessRunner.Run(program, arguments, environment: new Dictionary<string, string?> { ["AUDITWEAVER_LOG"] = log, ["AUDITWEAVER_DENY"] = deny, ["DOTNET_ROLL_FORWARD"] = null });

    /// <summary>The events the log holds, as (event, first argument, caller).</summary>
    internal static IReadOnlyList<(string Name, string? Path, string? Caller)> Events(string log) =>
        !File.Exists(log)
            ? Array.Empty<(string, string?, string?)>()
            : File.ReadAllLines(log).Select(line =>
            {
                var root = JsonDocument.Parse(line).RootElement;
                var args = root.GetProperty("args");
                var first = args.EnumerateObject().Select(p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null).FirstOrDefault();
                return (root.GetProperty("event").GetString()!, first, root.TryGetProperty("caller", out var caller) ? caller.GetString() : null);
            }).ToList();
}
