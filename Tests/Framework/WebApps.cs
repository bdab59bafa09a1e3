using System;
using System.IO;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Framework;

/// <summary>
/// Fixtures/WebApp published self-contained and framework-dependent and woven with <c>--framework</c> once per test
/// run, shared with every other test that asks <see cref="WovenFrameworkApps"/> for it; and its self-contained publish
/// woven without the framework, once, for the tests that show what that leaves out.
/// </summary>
internal static class WebApps
{
    internal const string SelfContained = "self-contained";
    internal const string FrameworkDependent = "framework-dependent";
    private const string Project = "WebApp";

    private static readonly Lazy<string> s_withoutFramework = new(WeaveWithoutFramework);

    /// <summary>The app of one kind woven with its framework.</summary>
    internal static string WovenWithFramework(string kind) => App(kind).Woven;

    /// <summary>The self-contained app woven as the tool weaves by default: its own code and packages, not the framework.</summary>
    internal static string WovenWithoutFramework => s_withoutFramework.Value;

    /// <summary>The program to start for the app in <paramref name="folder"/>: its apphost.</summary>
    internal static string Program(string folder) => Path.Combine(folder, Project);

    private static WovenFrameworkApp App(string kind) => WovenFrameworkApps.Get(Project, selfContained: kind == SelfContained);

    private static string WeaveWithoutFramework()
    {
        var directory = new TempDirectory();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => directory.Dispose();
        var output = Path.Combine(directory.Path, "woven");
        var weave = ToolRun.InProcess("weave", App(SelfContained).Published, "--out", output, "--no-ready-to-run");
        Assert.That(weave.ExitCode, Is.EqualTo(0), weave.ToString());
        return output;
    }
}
