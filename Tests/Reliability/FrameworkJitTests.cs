using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using NUnit.Framework;
using Tests.Infrastructure;
using Tests.Tool.Framework;

namespace Tests.Reliability;

/// <summary>
/// The JIT check over the framework woven with <c>weave --framework</c>: every method of each woven framework assembly
/// that Fixtures/FrameworkApp loads compiles as the shared framework's original does (woven copies of the framework-
/// dependent app, whose originals are this process's own framework; the app itself is woven once per run by
/// <see cref="WovenFrameworkApps"/>).
/// </summary>
public class FrameworkJitTests
{
    [Test]
    public void EveryMethodOfTheWovenFrameworkTheAppLoadsCompilesAsTheOriginalDoes()
    {
        var app = WovenFrameworkApps.Get("FrameworkApp", selfContained: false);
        using var work = new TempDirectory();
        using var server = new LoopbackServer(http: true);
        var loaded = FrameworkRun.Start(app.AppHost(app.Woven), work, server.BaseUri.ToString()).LoadedAssemblies();
        var names = app.WovenFramework().Keys.Where(loaded.ContainsKey).OrderBy(n => n, StringComparer.Ordinal).ToList();
        Assert.That(names, Has.Count.GreaterThanOrEqualTo(5), "the app loads woven framework assemblies");

        var shared = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var wovenList = work.Write("woven.txt", string.Join("\n", names.Select(n => Path.Combine(app.Woven, n + ".dll") + "\t" + app.Woven)));
        var unwovenList = work.Write("unwoven.txt", string.Join("\n", names.Select(n => Path.Combine(shared, n + ".dll") + "\t")));
        var wovenRun = Task.Run(() => Child.Run("prepare-methods", wovenList));
        var unwovenRun = Task.Run(() => Child.Run("prepare-methods", unwovenList));
        Task.WaitAll(wovenRun, unwovenRun);
        Assert.That(wovenRun.Result.ExitCode, Is.EqualTo(0), wovenRun.Result.Error);
        Assert.That(unwovenRun.Result.ExitCode, Is.EqualTo(0), unwovenRun.Result.Error);
        var woven = PreparationResult.Parse(wovenRun.Result.Output);
        var unwoven = PreparationResult.Parse(unwovenRun.Result.Output);

        var original = unwoven.Failures.Select(f => f.Identity).ToHashSet();
        var added = woven.Failures.Where(f => !original.Contains(f.Identity)).ToList();
        Assert.That(added, Is.Empty, "failures only the woven copy has:\n" + string.Join("\n", added.Take(10)));
        foreach (var (wovenAssembly, unwovenAssembly) in woven.Assemblies.Zip(unwoven.Assemblies))
        {
            Assert.That(wovenAssembly.Prepared, Is.GreaterThanOrEqualTo(unwovenAssembly.Prepared), wovenAssembly.File);
        }

        TestContext.Out.WriteLine("{0} woven framework assemblies the app loads ({1}): {2} methods with a body, {3} instantiations compiled, {4} failures also in the originals",
            names.Count, string.Join(", ", names), woven.Methods, woven.Prepared, woven.Failures.Count);
    }
}
