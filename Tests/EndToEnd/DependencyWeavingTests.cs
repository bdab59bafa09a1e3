using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using NUnit.Framework;
using Tests.Infrastructure;
using Tests.Infrastructure.KernelRecord;

namespace Tests.EndToEnd;

/// <summary>
/// The whole application through the ordinary build: a fresh console app from the quick start that also uses real
/// packages doing file, process and network work in their own code (Serilog's file sink, CliWrap, Flurl), built, run and
/// published with the dotnet CLI against the packed AuditWeaver.Fody. One app serves every test, in order: a restore and
/// a build are the slow part.
/// </summary>
[NonParallelizable]
public class DependencyWeavingTests
{
    private const string Configuration = "Debug";
    private const string Framework = "net10.0";

    private static readonly (string Id, string Version)[] s_packages =
    {
        ("Serilog", "4.4.0"), ("Serilog.Sinks.File", "7.0.0"), ("CliWrap", "3.10.5"), ("Flurl.Http", "4.0.2"), ("Flurl", "4.0.0"),
    };

    // The assemblies of those packages the app runs, each of which does sensitive work in its own code.
    private static readonly string[] s_woven = { "Serilog", "Serilog.Sinks.File", "CliWrap", "Flurl.Http", "Flurl" };

    // After the quick start's hooks, which print every event and refuse deletions.
    private const string Operations = """

        var folder = args[0];
        using (var logger = new LoggerConfiguration().WriteTo.File(Path.Combine(folder, "logs", "app.log")).CreateLogger())
        {
            logger.Information("logged through a woven package");
        }

        var echo = await Cli.Wrap("echo").WithArguments("started by a woven package").ExecuteBufferedAsync();
        Console.WriteLine("cliwrap: " + echo.StandardOutput.Trim());

        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var server = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            var stream = client.GetStream();
            await stream.ReadAsync(new byte[8192]);
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 4\r\nConnection: close\r\n\r\npong"));
        });
        Console.WriteLine("flurl: " + await ("http://127.0.0.1:" + ((IPEndPoint)listener.LocalEndpoint).Port + "/ping").GetStringAsync());
        await server;
        listener.Stop();
        Console.WriteLine("lib: " + Lib.Reader.Read(Path.Combine(folder, "logs", "app.log")).Length);
        """;

    private ConsumerProject? _app;
    private IReadOnlyDictionary<string, string>? _cacheBefore;
    private string? _library;

    private ConsumerProject App => _app!;

    private string WovenFolder => Path.Combine(App.Directory, "obj", Configuration, Framework, "auditweaver");

    [OneTimeSetUp]
    public void BuildTheApp()
    {
        _app = ConsumerProject.Create(PackageFeed.Current, Framework, packages: s_packages.Where(p => p.Id != "Flurl").ToDictionary(p => p.Id, p => p.Version));
        // A project reference that does not weave itself: woven as a dependency, its own output left as it built it.
        var library = Path.Combine(Path.GetDirectoryName(App.Directory)!, "Lib");
        Directory.CreateDirectory(library);
        File.WriteAllText(Path.Combine(library, "Lib.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>" + Framework + "</TargetFramework></PropertyGroup></Project>");
        File.WriteAllText(Path.Combine(library, "Reader.cs"), "namespace Lib;\npublic static class Reader\n{\n    public static string Read(string path) => System.IO.File.ReadAllText(path);\n}\n");
        DotNetCli.Succeed(App.Directory, "add", "reference", Path.Combine("..", "Lib", "Lib.csproj"));
        DotNetCli.Succeed(App.Directory, "restore");
        App.WriteProgram("using System.Net;\nusing System.Net.Sockets;\nusing System.Text;\nusing CliWrap;\nusing CliWrap.Buffered;\nusing Flurl.Http;\nusing Serilog;\n" + QuickStart.Program + Operations + "\n");

        // Restored: from here on the packages' folders must stay exactly as they are.
        _cacheBefore = NuGetCache.Snapshot(s_packages);
        var build = App.Build(Configuration);
        Assert.That(build.ExitCode, Is.EqualTo(0), build.ToString());
        Assert.That(build.Output, Does.Contain("AuditWeaver: MyApp's dependencies: 6 woven now, 0 woven before and unchanged"), build.ToString());
        _library = library;
    }

    [OneTimeTearDown]
    public void DeleteTheApp() => _app?.Dispose();

    // FodyWeavers.xml with <paramref name="element"/> for the quick start's <AuditWeaver />, until disposed: then the
    // quick start's file again, for the tests that follow.
    private IDisposable WeaversElement(string element)
    {
        App.WriteWeaversFile(QuickStart.WeaversFile.Replace("<AuditWeaver />", element, StringComparison.Ordinal));
        return new Restore(() => App.WriteWeaversFile(QuickStart.WeaversFile));
    }

    // The app as the last build left it, run under strace with a synchronous log (PackageOperations).
    private AuditTimeline TraceTheApp(TempDirectory temp) =>
        PackageOperations.Trace(Path.Combine(App.Directory, "bin", Configuration, Framework, ConsumerProject.Name), temp);

    [Test]
    [Order(1)]
    public void BuildWeavesThePackagesSoTheHookSeesTheirFileProcessAndNetworkWorkWithThemAsCaller()
    {
        using var data = new TempDirectory();
        var run = App.Run(Configuration, Framework, data.Path);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        AssertPackageEvents(run.Output, data.Path);

        // bin/ holds the woven copies from obj/, never the packages' own files.
        foreach (var name in s_woven)
        {
            var output = Path.Combine(App.Directory, "bin", Configuration, Framework, name + ".dll");
            Assert.That(Hash(output), Is.EqualTo(Hash(WovenCopy(name))), name + " in bin/ is not its woven copy");
            Assert.That(Hash(output), Is.Not.EqualTo(Hash(Original(name))), name + " in bin/ is the package's own file");
        }

        // The project reference too, from a copy: its own output is what its compiler wrote.
        Assert.That(run.Output, Does.Contain("caller=Lib.Reader.Read at "));
        Assert.That(Hash(Path.Combine(_library!, "bin", Configuration, Framework, "Lib.dll")), Is.EqualTo(Hash(Path.Combine(_library!, "obj", Configuration, Framework, "Lib.dll"))));
        Assert.That(Hash(Path.Combine(App.Directory, "bin", Configuration, Framework, "Lib.dll")), Is.EqualTo(Hash(WovenCopy("Lib"))));

        // The report lists each dependency, where it came from, and its call sites.
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(App.Directory, "bin", Configuration, Framework, "MyApp.dependencies.auditweaver.json")));
        var dependencies = report.RootElement.GetProperty("dependencies").EnumerateArray().ToDictionary(d => d.GetProperty("assembly").GetString()!);
        foreach (var name in s_woven)
        {
            var entry = dependencies[name];
            Assert.Multiple(() =>
            {
                Assert.That(entry.GetProperty("status").GetString(), Is.EqualTo("woven"), name);
                Assert.That(entry.GetProperty("package").GetString(), Is.EqualTo(name), name);
                Assert.That(entry.GetProperty("source").GetString(), Is.EqualTo(Original(name)), name);
                Assert.That(entry.GetProperty("report").GetProperty("sites").GetArrayLength(), Is.GreaterThan(0), name);
            });
        }

        var sinkSites = dependencies["Serilog.Sinks.File"].GetProperty("report").GetProperty("sites").EnumerateArray();
        Assert.That(sinkSites.Select(s => s.GetProperty("event").GetString() + " " + s.GetProperty("caller").GetString()), Does.Contain("file.open Serilog.Sinks.File.FileSink..ctor"));
    }

    [Test]
    [Order(2)]
    public void UnderStraceEachPackageOperationIsLoggedBeforeTheKernelSeesIt()
    {
        // The build of the first test, run under strace with a synchronous log: the operating system's own record.
        using var temp = new TempDirectory();
        var timeline = TraceTheApp(temp);
        foreach (var operation in PackageOperations.Of(timeline, PackageOperations.DataFolder(temp)))
        {
            timeline.AssertAnnounced(operation.What, operation.Calls, operation.EventName, operation.Matches);
        }
    }

    [Test]
    [Order(3)]
    public void ANoChangeRebuildWeavesNothingAndAChangedConfigurationWeavesAgain()
    {
        var before = WovenStamps();
        var rebuild = App.Build(Configuration, "-v:n");
        Assert.That(rebuild.ExitCode, Is.EqualTo(0), rebuild.ToString());

        // How we know: the task says what it did, and the woven copies were not written again.
        Assert.That(rebuild.Output, Does.Contain("AuditWeaver: MyApp's dependencies: 0 woven now, 6 woven before and unchanged"), rebuild.ToString());
        Assert.That(WovenStamps(), Is.EqualTo(before));

        // The configuration is part of what a copy was woven under.
        App.WriteWeaversFile(QuickStart.WeaversFile.Replace("<AuditWeaver />", "<AuditWeaver ExcludeEvents=\"file.stat\" />", StringComparison.Ordinal));
        var changed = App.Build(Configuration);
        App.WriteWeaversFile(QuickStart.WeaversFile);
        Assert.That(changed.ExitCode, Is.EqualTo(0), changed.ToString());
        Assert.That(changed.Output, Does.Contain("6 woven now, 0 woven before and unchanged"), changed.ToString());
        var after = WovenStamps();
        Assert.That(after.Keys, Is.EquivalentTo(before.Keys));
        Assert.That(after.Where(p => before[p.Key] == p.Value).Select(p => p.Key), Is.Empty, "copies not woven again");
    }

    [Test]
    [Order(4)]
    public void PublishedAppsFrameworkDependentAndSelfContainedReadyToRunCarryTheWovenPackages()
    {
        using var publish = new TempDirectory();
        var frameworkDependent = Path.Combine(publish.Path, "fd");
        var selfContained = Path.Combine(publish.Path, "sc");
        var first = DotNetCli.Run(App.Directory, "publish", "-c", Configuration, "-f", Framework, "-o", frameworkDependent);
        Assert.That(first.ExitCode, Is.EqualTo(0), first.ToString());
        var second = DotNetCli.Run(App.Directory, "publish", "-c", Configuration, "-f", Framework, "-r", "linux-x64", "--self-contained", "-p:PublishReadyToRun=true", "-o", selfContained);
        Assert.That(second.ExitCode, Is.EqualTo(0), second.ToString());

        foreach (var (command, arguments) in new[] { ("dotnet", new[] { Path.Combine(frameworkDependent, "MyApp.dll") }), (Path.Combine(selfContained, "MyApp"), Array.Empty<string>()) })
        {
            using var data = new TempDirectory();
            var run = ProcessRunner.Run(command, arguments.Append(data.Path), data.Path);
            Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
            AssertPackageEvents(run.Output, data.Path);
        }

        // The self-contained app's woven copies were precompiled by ReadyToRun like the packages' own files would be.
        Assert.That(new FileInfo(Path.Combine(selfContained, "CliWrap.dll")).Length, Is.GreaterThan(new FileInfo(Original("CliWrap")).Length));
    }

    [Test]
    [Order(5)]
    public void DependenciesNoneWeavesOnlyTheAppAndTheKernelRecordShowsThePackagesOperationsUnannounced()
    {
        using var weavers = WeaversElement("<AuditWeaver Dependencies=\"none\" />");
        var none = App.Build(Configuration);
        Assert.That(none.ExitCode, Is.EqualTo(0), none.ToString());
        Assert.That(s_woven.Where(IsWovenInOutput), Is.Empty);

        // The same check that passes on the woven build fails here, operation by operation: it can fail.
        using var temp = new TempDirectory();
        var timeline = TraceTheApp(temp);
        Assert.Multiple(() =>
        {
            foreach (var operation in PackageOperations.Of(timeline, PackageOperations.DataFolder(temp)))
            {
                Assert.That(operation.Unannounced(timeline), Is.EqualTo(operation.Calls), operation.What + " was announced although its package is not woven");
            }
        });
        PackageOperations.AssertAppListenAnnounced(timeline);
    }

    [Test]
    [Order(6)]
    public void DependencyPatternsChooseThePackages()
    {
        using var weavers = WeaversElement("<AuditWeaver Dependencies=\"Flurl* Serilog* !Serilog.Sinks.File\" />");
        var patterns = App.Build(Configuration);
        Assert.That(patterns.ExitCode, Is.EqualTo(0), patterns.ToString());
        Assert.That(s_woven.Where(IsWovenInOutput), Is.EquivalentTo(new[] { "Flurl", "Flurl.Http", "Serilog" }));

        using var data = new TempDirectory();
        var run = App.Run(Configuration, Framework, data.Path);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Output, Does.Not.Contain("caller=CliWrap.").And.Not.Contain("caller=Serilog.Sinks.File."));
        Assert.That(run.Output, Does.Contain("caller=Flurl.Http."));
    }

    [Test]
    [Order(7)]
    public void APackageUsingACategoryItsAllowListDoesNotGrantFailsEveryBuild()
    {
        using var weavers = WeaversElement("<AuditWeaver><Allow assembly=\"CliWrap\" categories=\"file environment native network reflection-emit\" /></AuditWeaver>");
        foreach (var attempt in new[] { "first", "second" })
        {
            var refused = App.Build(Configuration);
            Assert.Multiple(() =>
            {
                Assert.That(refused.ExitCode, Is.Not.EqualTo(0), attempt + " build succeeded:" + Environment.NewLine + refused);
                Assert.That(refused.Output, Does.Match(
                    @"FodyWeavers\.xml : AuditWeaver error : CliWrap\.dll \(package CliWrap 3\.10\.5\): CliWrap: process\.start is not in its <Allow> list \([a-z, -]+\): CliWrap\.Command\.\S+ calls M:System\.Diagnostics\.Process\.Start"),
                    attempt + " build");
            });
        }
    }

    [Test]
    [Order(8)]
    public void ATestProjectWeavesItsOwnCodeButNeitherItsTestFrameworkNorItsPackages()
    {
        using var root = new TempDirectory();
        ConsumerProject.WriteNuGetConfig(root.Path, PackageFeed.Current);
        var project = Path.Combine(root.Path, "MyTests");
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(project, "MyTests.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>{Framework}</TargetFramework>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.11.0" />
                <PackageReference Include="NUnit" Version="4.6.1" />
                <PackageReference Include="NUnit3TestAdapter" Version="6.3.1" />
                <PackageReference Include="Serilog" Version="4.4.0" />
                <PackageReference Include="AuditWeaver.Fody" Version="{PackageFeed.Current.Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(project, "FodyWeavers.xml"), QuickStart.WeaversFile);
        File.WriteAllText(Path.Combine(project, "FileTests.cs"), "public class FileTests { [NUnit.Framework.Test] public void Writes() => System.IO.File.WriteAllText(System.IO.Path.GetTempFileName(), \"x\"); }\n");

        var build = DotNetCli.Run(project, "build", "-c", Configuration);
        Assert.That(build.ExitCode, Is.EqualTo(0), build.ToString());
        var output = Path.Combine(project, "bin", Configuration, Framework);
        Assert.Multiple(() =>
        {
            // Its own code is woven, as in any project.
            Assert.That(File.ReadAllText(Path.Combine(output, "MyTests.auditweaver.json")), Does.Contain("\"event\": \"file.open\""));

            // The test framework, the test host and the packages are exactly the packages' own files.
            Assert.That(File.Exists(Path.Combine(output, "MyTests.dependencies.auditweaver.json")), Is.False);
            Assert.That(Hash(Path.Combine(output, "Serilog.dll")), Is.EqualTo(Hash(Original("Serilog"))));
            foreach (var (file, package) in new[] { ("nunit.framework.dll", "NUnit/4.6.1"), ("testhost.dll", "Microsoft.TestPlatform.TestHost/18.11.0"), ("Microsoft.TestPlatform.CoreUtilities.dll", "Microsoft.TestPlatform.ObjectModel/18.11.0") })
            {
                var originals = Directory.GetFiles(NuGetCache.PackageFolder(package.Split('/')[0], package.Split('/')[1]), file, SearchOption.AllDirectories).Select(Hash);
                Assert.That(originals, Does.Contain(Hash(Path.Combine(output, file))), file);
            }
        });
    }

    [Test]
    [Order(9)]
    public void TheNuGetCacheIsByteForByteUntouched()
    {
        Assert.That(NuGetCache.Snapshot(s_packages), Is.EqualTo(_cacheBefore));
    }

    // The events the quick start's hook printed for work the packages did themselves, each with the package's method as caller.
    private static void AssertPackageEvents(string output, string data)
    {
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var log = Path.Combine(data, "logs", "app.log");
        Assert.Multiple(() =>
        {
            AssertLine(lines, "file.open(path: \"" + log + "\"", " caller=Serilog.Sinks.File.FileSink..ctor", output);
            AssertLine(lines, "file.mkdir(path: \"" + Path.GetDirectoryName(log) + "\")", " caller=Serilog.Sinks.File.", output);
            AssertLine(lines, "process.start(executable: \"echo\"", " caller=CliWrap.", output);
            AssertLine(lines, "network.", " caller=Flurl.Http.", output);
            Assert.That(lines, Does.Contain("cliwrap: started by a woven package").And.Contain("flurl: pong"), output);
            AssertLine(lines, "file.open(path: \"" + log + "\", mode: \"Open\"", " caller=Lib.Reader.Read", output);
        });
    }

    private static void AssertLine(IEnumerable<string> lines, string start, string caller, string output) =>
        Assert.That(lines.Any(l => l.StartsWith(start, StringComparison.Ordinal) && l.Contains(caller, StringComparison.Ordinal)), Is.True, "no event line starting " + start + " with" + caller + " in:" + Environment.NewLine + output);

    private bool IsWovenInOutput(string name) =>
        Hash(Path.Combine(App.Directory, "bin", Configuration, Framework, name + ".dll")) != Hash(Original(name));

    private string WovenCopy(string name) => Directory.GetFiles(WovenFolder, name + ".dll", SearchOption.AllDirectories).Single();

    private Dictionary<string, string> WovenStamps() =>
        Directory.GetFiles(WovenFolder, "*.dll", SearchOption.AllDirectories).ToDictionary(f => f, f => File.GetLastWriteTimeUtc(f).Ticks + ":" + Hash(f));

    // The package's own file, as restore put it in the global packages folder: from the lib/ folder a net10.0 app uses.
    private static string Original(string name)
    {
        var (id, version) = s_packages.Single(p => p.Id == name);
        var lib = Path.Combine(NuGetCache.PackageFolder(id, version), "lib");
        var frameworks = Directory.GetDirectories(lib).Select(d => Path.GetFileName(d)!).ToList();
        var best = frameworks.Where(f => f.StartsWith("net", StringComparison.Ordinal) && f.Contains('.', StringComparison.Ordinal) && !f.StartsWith("netstandard", StringComparison.Ordinal))
            .OrderByDescending(f => Version.Parse(f.Substring(3)))
            .FirstOrDefault() ?? frameworks.Where(f => f.StartsWith("netstandard", StringComparison.Ordinal)).Max()!;
        return Path.Combine(lib, best, name + ".dll");
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    // Undoes a change to the shared app when a test is done with it, however the test ended.
    private sealed class Restore : IDisposable
    {
        private readonly Action _undo;

        internal Restore(Action undo)
        {
            _undo = undo;
        }

        public void Dispose() => _undo();
    }
}
