using System;
using System.Collections.Concurrent;
using System.IO;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Framework;

/// <summary>
/// Fixtures/WebApp published self-contained for linux-x64 and built framework-dependent, once per test run, and each
/// woven at most once per way of weaving: publishing and weaving the framework are most of what these tests cost.
/// </summary>
[SetUpFixture]
public sealed class WebApps
{
    internal const string SelfContained = "self-contained";
    internal const string FrameworkDependent = "framework-dependent";

    private static readonly ConcurrentDictionary<string, Lazy<string>> s_woven = new();
    private static TempDirectory? s_directory;

    private static string Root => s_directory?.Path ?? throw new InvalidOperationException("The apps are built by the SetUpFixture of Tests.Framework.");

    /// <summary>The unwoven app of one kind.</summary>
    internal static string Folder(string kind) => Path.Combine(Root, kind);

    /// <summary>The app of one kind woven by the tool with <paramref name="options"/>, woven on first use.</summary>
    internal static string Woven(string kind, params string[] options) =>
        s_woven.GetOrAdd(kind + " " + string.Join(" ", options), key => new Lazy<string>(() =>
        {
            var output = Path.Combine(Root, "woven " + key);
            var weave = ToolRun.InProcess(["weave", Folder(kind), "-o", output, .. options]);
            Assert.That(weave.ExitCode, Is.EqualTo(0), weave.ToString());
            return output;
        })).Value;

    /// <summary>The program to start for the app in <paramref name="folder"/>: its apphost.</summary>
    internal static string Program(string folder) => Path.Combine(folder, "WebApp");

    [OneTimeSetUp]
    public void Build()
    {
        s_directory = new TempDirectory();

        // Built from a copy, so that its restores do not touch the repository. The app's denial hook compiles against
        // the runtime these tests were built with.
        var sources = Path.Combine(Root, "src");
        Copy(Path.Combine(Paths.RepositoryRoot, "Fixtures", "WebApp"), sources);
        var runtime = "-p:AuditWeaverRuntime=" + typeof(AuditWeaver.Audit).Assembly.Location;
        DotNetCli.Succeed(sources, "publish", "-c", "Release", "-r", "linux-x64", "--self-contained", "true", runtime, "-o", Folder(SelfContained));
        DotNetCli.Succeed(sources, "publish", "-c", "Release", "--self-contained", "false", runtime, "-o", Folder(FrameworkDependent));
    }

    [OneTimeTearDown]
    public void Delete() => s_directory?.Dispose();

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.StartsWith("bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal) || relative.StartsWith("obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(to, relative))!);
            File.Copy(file, Path.Combine(to, relative));
        }
    }
}
