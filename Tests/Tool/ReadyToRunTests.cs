using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using AuditWeaver.Tool.Weaving.ReadyToRun;
using Mono.Cecil;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Tool;

/// <summary>
/// The tool gives woven assemblies back the ReadyToRun code their inputs had. The input is Fixtures/NativeWrappers with
/// its own assembly compiled ReadyToRun by the tool's crossgen2 runner (from the NuGet cache, where the fixtures'
/// ReadyToRun publish leaves the package, or restored); the weave must compile the woven IL again, and without
/// crossgen2 weave anyway and say what start-up costs.
/// </summary>
[NonParallelizable]
public class ReadyToRunTests
{
    private TempDirectory _temp = null!;

    private string App => _temp.File("app");

    [OneTimeSetUp]
    public void CompileTheInput()
    {
        _temp = new TempDirectory();
        Directory.CreateDirectory(App);
        foreach (var file in Directory.EnumerateFiles(Paths.NativeWrappersOutput, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(App, Path.GetRelativePath(Paths.NativeWrappersOutput, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var runtime = RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar);
        var (crossgen2, problem) = Crossgen2Locator.Find(Path.GetFileName(runtime), App);
        Assert.That(crossgen2, Is.Not.Null, problem);
        var input = Path.Combine(App, "NativeWrappers.dll");
        var references = Directory.EnumerateFiles(App, "*.dll").Concat(Directory.EnumerateFiles(runtime, "*.dll")).Where(f => f != input);
        var failure = ReadyToRunCompiler.Compile(crossgen2!, Path.Combine(Paths.NativeWrappersOutput, "NativeWrappers.dll"), input + ".r2r", references, ("linux", "x64"));
        Assert.That(failure, Is.Null);
        File.Move(input + ".r2r", input, overwrite: true);
        Assert.That(ReadyToRunImage.IsReadyToRun(input), Is.True, "the input is a ReadyToRun image");
        Assert.That(ReadyToRunImage.TargetOf(input), Is.EqualTo(("linux", "x64")));
        Assert.That(ReadyToRunImage.IsReadyToRun(Path.Combine(Paths.NativeWrappersOutput, "NativeWrappers.dll")), Is.False, "the fixture's own build is IL only");
    }

    [OneTimeTearDown]
    public void Delete() => _temp?.Dispose();

    // A self-contained app's runtime is named by its CoreLib's product version; crossgen2's package must be asked for by the
    // version the runtime's packages carry. This runtime's CoreLib against the folder the shared framework keeps it in.
    [Test]
    public void TheRuntimePackageVersionIsReadFromCoreLibsProductVersion()
    {
        var coreLib = typeof(object).Assembly.Location;
        var product = System.Diagnostics.FileVersionInfo.GetVersionInfo(coreLib).ProductVersion!;
        var folder = Path.GetFileName(Path.GetDirectoryName(coreLib)!);

        Assert.That(ApplicationPrecompilation.PackageVersion(product), Is.EqualTo(folder), product);
        Assert.That(ApplicationPrecompilation.PackageVersion("10.0.0-preview.7.25380.108+abc"), Is.EqualTo("10.0.0-preview.7.25380.108"));
        Assert.That(ApplicationPrecompilation.PackageVersion("10.0.0-rtm.25515.2+abc"), Is.EqualTo("10.0.0"));
    }

    [Test]
    public void TheWovenAssemblyIsCompiledAgainAndRunsWoven()
    {
        var woven = _temp.File("woven");
        var weave = ToolRun.InProcess("weave", App, "--out", woven);

        Assert.That(weave.ExitCode, Is.EqualTo(0), weave.ToString());
        Assert.That(weave.Output, Does.Match(@"\nReadyToRun: compiled 1 woven assembly to native code again with crossgen2 10\.[^\n]*: NativeWrappers\.dll\n"), weave.ToString());
        var assembly = Path.Combine(woven, "NativeWrappers.dll");
        Assert.That(ReadyToRunImage.IsReadyToRun(assembly), Is.True, "the READYTORUN header is back");
        using (var module = Mono.Cecil.ModuleDefinition.ReadModule(assembly))
        {
            Assert.That(module.Types.Any(t => t.Name == "<AuditWeaver>Sites"), Is.True, "what was compiled is the woven IL");
        }

        Assert.That(Directory.EnumerateFiles(woven).Select(Path.GetFileName).Where(n => n!.Contains(".r2r", System.StringComparison.Ordinal) || n.EndsWith(".rsp", System.StringComparison.Ordinal)), Is.Empty, "no temporary file is left");
        Assert.That(CodeViewId(assembly), Is.EqualTo(PdbId(Path.ChangeExtension(assembly, ".pdb"))), "the image still names the woven PDB, so stack traces keep their lines");
        AssertRunsWoven(woven);
    }

    /// <summary>No package in the cache and no source to restore it from: the woven IL-only assembly is kept and the line says the cost.</summary>
    [Test]
    public void WithoutCrossgen2TheWeaveGoesOnAndSaysTheStartUpCost()
    {
        File.WriteAllText(_temp.File("nuget.config"), "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration><packageSources><clear /></packageSources></configuration>\n");
        Directory.CreateDirectory(_temp.File("empty-packages"));
        var woven = _temp.File("woven-without");
        var weave = ProcessRunner.Run("dotnet", new[] { Paths.ToolAssembly, "weave", App, "--out", woven }, environment: new Dictionary<string, string?> { ["NUGET_PACKAGES"] = _temp.File("empty-packages") });
        File.Delete(_temp.File("nuget.config"));

        Assert.That(weave.ExitCode, Is.EqualTo(0), weave.ToString());
        Assert.That(weave.Output, Does.Contain("note: ReadyToRun: crossgen2 10.").And.Contain(") could not be had (dotnet restore of Microsoft.NETCore.App.Crossgen2.")
            .And.Contain("; without it the JIT compiles at start-up what was precompiled in 1 woven assembly, so the app starts slower (same behaviour): weave again once the package can be restored."), weave.ToString());
        Assert.That(ReadyToRunImage.IsReadyToRun(Path.Combine(woven, "NativeWrappers.dll")), Is.False);
        AssertRunsWoven(woven);
    }

    private static System.Guid CodeViewId(string assembly)
    {
        using var reader = new PEReader(File.OpenRead(assembly));
        var entry = reader.ReadDebugDirectory().Single(e => e.Type == DebugDirectoryEntryType.CodeView);
        return reader.ReadCodeViewDebugDirectoryData(entry).Guid;
    }

    private static System.Guid PdbId(string pdb)
    {
        using var provider = MetadataReaderProvider.FromPortablePdbStream(File.OpenRead(pdb));
        return new BlobContentId(provider.GetMetadataReader().DebugMetadataHeader!.Id).Guid;
    }

    private void AssertRunsWoven(string woven)
    {
        var folder = _temp.File("run-" + Path.GetFileName(woven));
        Directory.CreateDirectory(folder);
        var run = ProcessRunner.Run("dotnet", new[] { Path.Combine(woven, "NativeWrappers.dll"), "open", "data.db" }, workingDirectory: folder);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Output, Does.StartWith("event file.open " + Path.Combine(folder, "data.db") + " OpenOrCreate ReadWrite exists=False").And.Contain("opened"), run.ToString());
    }
}
