using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using AuditWeaver.Fody;
using Fody;
using Tests.Infrastructure;

namespace Tests.Reliability;

/// <summary>
/// A library from Fixtures/ built by another compiler, woven once per test run by each front, and loaded (woven and
/// unwoven) into load contexts of their own.
/// </summary>
internal sealed class CompilerFixture
{
    internal static readonly CompilerFixture FSharp = new("FSharpLibrary", "FSharpLibrary.Scenarios");

    internal static readonly CompilerFixture VisualBasic = new("VbLibrary", "VbLibrary.Scenarios");

    private readonly Lazy<Assembly> _unwoven;
    private readonly Dictionary<WeavingFront, Lazy<(string Path, Assembly Assembly)>> _woven = new();

    private CompilerFixture(string name, string scenariosType)
    {
        Name = name;
        ScenariosType = scenariosType;
        _unwoven = new Lazy<Assembly>(() => FixtureLoadContext.Load(name + " unwoven", OriginalPath, OutputFolder));
        foreach (var front in Enum.GetValues<WeavingFront>())
        {
            _woven.Add(front, new Lazy<(string, Assembly)>(() =>
            {
                var path = front == WeavingFront.Fody ? WeaveWithFody() : WeaveWithTool();
                return (path, FixtureLoadContext.Load(name + " woven by " + front, path, OutputFolder));
            }));
        }
    }

    internal string Name { get; }

    internal static CompilerFixture Named(string name) => new[] { FSharp, VisualBasic }.Single(f => f.Name == name);

    /// <summary>The type whose public static methods are the entry points.</summary>
    internal string ScenariosType { get; }

    /// <summary>The build output, never changed by the tests; its folder also holds the library's dependencies.</summary>
    internal string OriginalPath => Path.Combine(OutputFolder, Name + ".dll");

    internal string OutputFolder => Path.Combine(Paths.RepositoryRoot, "Fixtures", Name, "bin", Paths.Configuration, "net10.0");

    internal Assembly Unwoven => _unwoven.Value;

    internal Assembly Woven(WeavingFront front) => _woven[front].Value.Assembly;

    internal string WovenPath(WeavingFront front) => _woven[front].Value.Path;

    internal string Run(Assembly assembly, string entryPoint, string folder) => EntryPoint.Run(assembly, ScenariosType, entryPoint, folder);

    private string WeaveWithFody()
    {
        var weaver = new ModuleWeaver();
#pragma warning disable CS0618 // FodyHelpers marks its test helper obsolete to keep it out of production code.
        var test = weaver.ExecuteTestRun(OriginalPath, runPeVerify: false, writeSymbols: true, folderName: "compilers");
#pragma warning restore CS0618
        if (test.Errors.Any())
        {
            throw new InvalidOperationException("Weaving " + Name + " failed: " + string.Join(Environment.NewLine, test.Errors.Select(e => e.Text)));
        }

        return test.AssemblyPath;
    }

    private string WeaveWithTool()
    {
        var output = Path.Combine(OutputFolder, "fodytemp", "tool");
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }

        var run = ToolRun.InProcess("weave", OriginalPath, "--out", output);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException("Weaving " + Name + " with the tool failed: " + run);
        }

        return Path.Combine(output, Name + ".dll");
    }
}
