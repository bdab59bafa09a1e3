using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Linq;
using NUnit.Framework;

namespace Tests.Infrastructure;

/// <summary>
/// Apps published from Fixtures/ and woven with <c>auditweaver weave --framework</c>, ONCE per test run whatever the
/// number of tests (or areas) that use them: publishing and weaving the framework is most of what such tests cost.
/// <c>WovenFrameworkApps.Get("FrameworkApp", selfContained: true)</c> publishes Fixtures/FrameworkApp for linux-x64 (from a
/// copy, so that its restore does not touch the repository; the property AuditWeaverRuntime names the runtime the tool
/// deploys, for a fixture that uses AuditWeaver's own API), weaves the publish folder into a sibling folder and hands
/// both back; later calls with the same arguments get the same folders. Any fixture project works (an ASP.NET Core app
/// under Fixtures/ too: the tests of issue 13's web part take theirs from here). Tests must not change the folders;
/// copy one (<see cref="WovenFrameworkApp.CopyWoven"/>) to tamper with it. Everything is deleted when the test run ends.
/// </summary>
internal static class WovenFrameworkApps
{
    private static readonly ConcurrentDictionary<(string Project, bool SelfContained), Lazy<WovenFrameworkApp>> s_apps = new();
    private static readonly Lazy<TempDirectory> s_root = new(() =>
    {
        var directory = new TempDirectory();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => directory.Dispose();
        return directory;
    });

    /// <summary>Fixtures/<paramref name="project"/> published (self-contained or framework-dependent) and woven with --framework.</summary>
    internal static WovenFrameworkApp Get(string project, bool selfContained) =>
        s_apps.GetOrAdd((project, selfContained), key => new Lazy<WovenFrameworkApp>(() => Make(key.Project, key.SelfContained))).Value;

    private static WovenFrameworkApp Make(string project, bool selfContained)
    {
        var kind = selfContained ? "self-contained" : "framework-dependent";
        var root = Path.Combine(s_root.Value.Path, project, kind);
        var sources = Path.Combine(root, "src");
        CopySources(Path.Combine(Paths.RepositoryRoot, "Fixtures", project), sources);
        var published = Path.Combine(root, "published");
        DotNetCli.Succeed(sources, "publish", "-c", "Release", "-r", "linux-x64", "--self-contained", selfContained ? "true" : "false", "-o", published, "-p:AuditWeaverRuntime=" + Runtime);

        var woven = Path.Combine(root, "woven");
        var clock = Stopwatch.StartNew();
        // crossgen2 over a woven framework takes minutes: that cost is measured in benchmarks/, not paid by every test run.
        var weave = ToolRun.InProcess("weave", published, "--out", woven, "--framework", "--no-ready-to-run");
        clock.Stop();
        Assert.That(weave.ExitCode, Is.EqualTo(0), weave.ToString());
        TestContext.Progress.WriteLine("woven " + project + " (" + kind + ") with --framework in " + clock.Elapsed.TotalSeconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture) + " s");
        return new WovenFrameworkApp(project, published, woven, weave, clock.Elapsed);
    }

    /// <summary>The runtime build the tool deploys into a .NET 8+ app, which a fixture may reference (MSBuild property AuditWeaverRuntime).</summary>
    internal static string Runtime => Path.Combine(Path.GetDirectoryName(Paths.ToolAssembly)!, "runtime", "net8.0", "AuditWeaver.dll");

    private static void CopySources(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            {
                continue;
            }

            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}

/// <summary>One published app and its copy woven with --framework; what the weave printed and how long it took.</summary>
internal sealed record WovenFrameworkApp(string Project, string Published, string Woven, ProcessResult Weave, TimeSpan WeaveTime)
{
    /// <summary>The app's apphost in <paramref name="folder"/> (the published or the woven one): how both kinds are started.</summary>
    internal string AppHost(string folder) => Path.Combine(folder, Project);

    /// <summary>The framework assemblies the weave wrote, by name, with their module version ids (AuditWeaver.framework.txt).</summary>
    internal System.Collections.Generic.IReadOnlyDictionary<string, Guid> WovenFramework(string? folder = null) =>
        File.ReadAllLines(Path.Combine(folder ?? Woven, "AuditWeaver.framework.txt"))
            .Select(l => l.Split(' '))
            .Where(f => f.Length == 3 && f[0] == "assembly")
            .ToDictionary(f => f[1], f => Guid.Parse(f[2]), StringComparer.Ordinal);

    /// <summary>A copy of the woven folder in <paramref name="directory"/>, for a test to change.</summary>
    internal string CopyWoven(TempDirectory directory)
    {
        var copy = Path.Combine(directory.Path, "woven");
        foreach (var file in Directory.EnumerateFiles(Woven, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(Woven, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return copy;
    }
}
