using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Reliability;

/// <summary>
/// Every assembly of Fixtures/Corpus (real NuGet packages) and a handful of the largest framework assemblies (ReadyToRun
/// images) woven by the tool, then every method of each woven assembly forced through the JIT in a child process, and
/// the unwoven copies the same way as the control: weaving must add no failure the original does not have.
/// </summary>
[NonParallelizable]
public class CorpusJitTests
{
    // Large, and between them full of what the catalog audits: XML resolvers and XSLT, HTTP, JSON and contract
    // serializers with their reflection and emit, expression compilation, process start.
    private static readonly string[] s_frameworkAssemblies =
    {
        "System.Private.Xml", "System.Net.Http", "System.Text.Json", "System.Linq.Expressions", "System.Private.DataContractSerialization", "System.Diagnostics.Process",
    };

    // The failures that would mean the weaver wrote a broken body or named a member that does not exist.
    private static readonly string[] s_weaverFailures = { typeof(InvalidProgramException).FullName!, typeof(BadImageFormatException).FullName!, typeof(MissingMethodException).FullName! };

    private TempDirectory _temp = null!;
    private ProcessResult _packageWeave = null!;
    private List<ProcessResult> _frameworkWeaves = null!;
    private PreparationResult _woven = null!;
    private PreparationResult _unwoven = null!;
    private TimeSpan _weaveTime;
    private TimeSpan _prepareTime;

    private string WovenPackages => _temp.File("packages-woven");

    private string Framework => _temp.File("framework");

    private string WovenFramework => _temp.File("framework-woven");

    [OneTimeSetUp]
    public void WeaveAndPrepare()
    {
        _temp = new TempDirectory();
        var clock = Stopwatch.StartNew();
        _packageWeave = ToolRun.InProcess("weave", Paths.CorpusOutput, "--out", WovenPackages);
        Directory.CreateDirectory(Framework);
        var runtimeFolder = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        _frameworkWeaves = s_frameworkAssemblies.Select(name =>
        {
            var copy = Path.Combine(Framework, name + ".dll");
            File.Copy(Path.Combine(runtimeFolder, name + ".dll"), copy);
            return ToolRun.InProcess("weave", copy, "--out", WovenFramework);
        }).ToList();
        _weaveTime = clock.Elapsed;

        // Package assemblies take their dependencies from their own folder first; framework ones bind every dependency
        // to the running framework, as they must.
        var packages = WovenSites(_packageWeave).Keys.ToList();
        var wovenList = _temp.Write("woven.txt", string.Join("\n", packages.Select(p => Path.Combine(WovenPackages, p) + "\t" + WovenPackages)
            .Concat(s_frameworkAssemblies.Select(f => Path.Combine(WovenFramework, f + ".dll") + "\t"))));
        var unwovenList = _temp.Write("unwoven.txt", string.Join("\n", packages.Select(p => Path.Combine(Paths.CorpusOutput, p) + "\t" + Paths.CorpusOutput)
            .Concat(s_frameworkAssemblies.Select(f => Path.Combine(Framework, f + ".dll") + "\t"))));
        clock.Restart();
        var woven = Task.Run(() => Child.Run("prepare-methods", wovenList));
        var unwoven = Task.Run(() => Child.Run("prepare-methods", unwovenList));
        Task.WaitAll(woven, unwoven);
        _prepareTime = clock.Elapsed;
        Assert.That(woven.Result.ExitCode, Is.EqualTo(0), woven.Result.Error);
        Assert.That(unwoven.Result.ExitCode, Is.EqualTo(0), unwoven.Result.Error);
        _woven = PreparationResult.Parse(woven.Result.Output);
        _unwoven = PreparationResult.Parse(unwoven.Result.Output);
    }

    [OneTimeTearDown]
    public void Delete() => _temp?.Dispose();

    [Test]
    public void EveryPackageAndFrameworkAssemblyIsWoven()
    {
        Assert.That(_packageWeave.ExitCode, Is.EqualTo(0), _packageWeave.ToString());
        Assert.That(_packageWeave.Output, Does.Match(@"woven \d+, skipped \d+, failed 0 "));
        var packageSites = WovenSites(_packageWeave);
        Assert.That(packageSites, Has.Count.GreaterThanOrEqualTo(40), "every package DLL of the fixture's folder");
        foreach (var weave in _frameworkWeaves)
        {
            Assert.That(weave.ExitCode, Is.EqualTo(0), weave.ToString());
            Assert.That(weave.Output, Does.Contain("note: ReadyToRun: its precompiled native code was dropped"), "the framework's assemblies are ReadyToRun images");
        }

        var frameworkSites = _frameworkWeaves.SelectMany(w => WovenSites(w)).ToDictionary(p => p.Key, p => p.Value);
        Assert.That(frameworkSites.Keys, Is.EquivalentTo(s_frameworkAssemblies.Select(f => f + ".dll")));
        Assert.That(packageSites.Values.Sum(), Is.GreaterThan(550), "call sites woven in the packages");
        Assert.That(frameworkSites.Values.Sum(), Is.GreaterThan(200), "call sites woven in the framework assemblies");
        TestContext.Out.WriteLine("packages: {0} assemblies woven, {1} call sites; framework: {2} assemblies, {3} call sites; weaving took {4:F1} s",
            packageSites.Count, packageSites.Values.Sum(), frameworkSites.Count, frameworkSites.Values.Sum(), _weaveTime.TotalSeconds);
        foreach (var (file, sites) in packageSites.Concat(frameworkSites).Where(p => p.Value > 0).OrderByDescending(p => p.Value))
        {
            TestContext.Out.WriteLine("  {0}: {1}", file, sites);
        }
    }

    [Test]
    public void EveryWovenMethodCompilesAsTheOriginalDoes()
    {
        Assert.That(_woven.Assemblies.Select(a => a.File), Is.EqualTo(_unwoven.Assemblies.Select(a => a.File)));
        Report("woven", _woven);
        Report("unwoven", _unwoven);

        var weaverFailures = _woven.Failures.Where(f => s_weaverFailures.Contains(f.ExceptionType)).ToList();
        Assert.That(weaverFailures, Is.Empty, "the JIT or the loader refused a woven body:\n" + string.Join("\n", weaverFailures.Take(10)));
        var original = _unwoven.Failures.Select(f => f.Identity).ToHashSet();
        var added = _woven.Failures.Where(f => !original.Contains(f.Identity)).ToList();
        Assert.That(added, Is.Empty, "failures only the woven copy has:\n" + string.Join("\n", added.Take(10)));

        foreach (var (woven, unwoven) in _woven.Assemblies.Zip(_unwoven.Assemblies))
        {
            Assert.That(woven.Prepared, Is.GreaterThanOrEqualTo(unwoven.Prepared), woven.File + ": weaving only adds methods (the site table, thunks), so at least as many compile");
        }

        Assert.That(_woven.Prepared, Is.GreaterThan(130_000), "a corpus large enough to meet most shapes of IL");
    }

    private void Report(string label, PreparationResult result) =>
        TestContext.Out.WriteLine("{0}: {1} assemblies, {2} types, {3} methods with a body, {4} instantiations compiled, {5} methods not instantiable over object or int, failures: {6} ({7}); prepare children took {8:F1} s",
            label, result.Assemblies.Count, result.Types, result.Methods, result.Prepared, result.NotInstantiable, result.Failures.Count, result.DescribeFailures(), _prepareTime.TotalSeconds);

    // "[ 4/43] woven   Corpus.dll: 13 call sites (file 13)": file name and call sites, for each assembly woven.
    private static Dictionary<string, int> WovenSites(ProcessResult weave) =>
        Regex.Matches(weave.Output, @"\] woven\s+(?<file>\S+\.dll): (?<sites>\d+) call sites?")
            .ToDictionary(m => m.Groups["file"].Value, m => int.Parse(m.Groups["sites"].Value, CultureInfo.InvariantCulture));
}
