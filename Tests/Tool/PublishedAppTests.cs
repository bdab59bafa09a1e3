using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Tool;

/// <summary>
/// Fixtures/PackageUser, an app using Serilog, CliWrap, Castle DynamicProxy and Flurl, published ReadyToRun for
/// linux-x64 once, woven as a whole folder by the tool, and run woven (with AUDITWEAVER_LOG) and unwoven.
/// </summary>
[NonParallelizable]
public class PublishedAppTests
{
    private TempDirectory _temp = null!;
    private LoopbackServer _server = null!;
    private ProcessResult _weave = null!;
    private ProcessResult _unwovenRun = null!;
    private ProcessResult _wovenRun = null!;
    private IReadOnlyDictionary<string, string> _publishedBefore = null!;
    private IReadOnlyDictionary<string, string> _publishedAfter = null!;

    private string Published => _temp.File("publish");

    private string Woven => _temp.File("woven");

    private string WovenData => _temp.File("data-woven");

    private string LogPath => _temp.File("events.jsonl");

    [OneTimeSetUp]
    public void PublishWeaveAndRun()
    {
        _temp = new TempDirectory();

        // Published from a copy, so that its RID-specific restore does not touch the fixtures' own obj folders.
        var sources = _temp.File("src");
        foreach (var project in new[] { "PackageUser", "DriftLibrary" })
        {
            var from = Path.Combine(Paths.RepositoryRoot, "Fixtures", project);
            foreach (var file in Directory.EnumerateFiles(from).Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".csproj", StringComparison.Ordinal)))
            {
                Directory.CreateDirectory(Path.Combine(sources, project));
                File.Copy(file, Path.Combine(sources, project, Path.GetFileName(file)));
            }
        }

        DotNetCli.Succeed(sources, "publish", Path.Combine("PackageUser", "PackageUser.csproj"), "-c", "Release", "-r", "linux-x64", "-o", Published);
        _publishedBefore = ToolRun.Snapshot(Published);
        _weave = ToolRun.InProcess("weave", Published, "--out", Woven);
        _publishedAfter = ToolRun.Snapshot(Published);

        _server = new LoopbackServer(http: true);
        Directory.CreateDirectory(_temp.File("data-unwoven"));
        Directory.CreateDirectory(WovenData);
        _unwovenRun = ProcessRunner.Run("dotnet", new[] { Path.Combine(Published, "PackageUser.dll"), _temp.File("data-unwoven"), _server.BaseUri + "hello" });
        _wovenRun = ProcessRunner.Run("dotnet", new[] { Path.Combine(Woven, "PackageUser.dll"), WovenData, _server.BaseUri + "hello" }, environment: new Dictionary<string, string?> { ["AUDITWEAVER_LOG"] = LogPath });
    }

    [OneTimeTearDown]
    public void Delete()
    {
        _server?.Dispose();
        _temp?.Dispose();
    }

    [Test]
    public void TheWholeFolderIsWovenAndTheInputIsUnchanged()
    {
        Assert.That(_weave.ExitCode, Is.EqualTo(0), _weave.ToString());
        Assert.That(_publishedAfter, Is.EqualTo(_publishedBefore));
        foreach (var assembly in new[] { "PackageUser.dll", "DriftLibrary.dll", "Serilog.dll", "Serilog.Sinks.File.dll", "CliWrap.dll", "Castle.Core.dll", "Flurl.Http.dll" })
        {
            Assert.That(_weave.Output, Does.Match(@"\] woven\s+" + assembly.Replace(".", "\\.", StringComparison.Ordinal) + ": "), assembly);
        }

        Assert.That(_weave.Output, Does.Contain("runtime: copied AuditWeaver.dll (net8.0 build"));
        Assert.That(_weave.Output, Does.Contain("runtime: registered AuditWeaver.dll in PackageUser.deps.json"));
        Assert.That(_weave.Output, Does.Match(@"woven \d+, skipped \d+, failed 0 \(of \d+ assemblies\)"));
        Assert.That(File.ReadAllText(Path.Combine(Woven, "PackageUser.deps.json")), Does.Contain("\"AuditWeaver/1.0.0\""));
        Assert.That(Directory.EnumerateFiles(Woven, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Woven, f)),
            Is.EquivalentTo(_publishedBefore.Keys.Append("AuditWeaver.dll")), "every file is there once, and no temporary file is left");
    }

    /// <summary>The weaver writes IL only; the tool compiles the woven assemblies again with crossgen2 (the woven run above is their run).</summary>
    [Test]
    public void ReadyToRunCodeIsCompiledAgain()
    {
        Assert.That(IsReadyToRun(Path.Combine(Published, "Serilog.dll")), Is.True, "the publish compiled the packages ReadyToRun");
        Assert.That(_weave.Output, Does.Contain("note: ReadyToRun: its precompiled native code was dropped and it is written back as IL only; the ReadyToRun line below says"));
        Assert.That(_weave.Output, Does.Match(@"\nReadyToRun: compiled \d+ woven assemblies to native code again with crossgen2 10\.[^\n]*Serilog\.dll"));
        foreach (var assembly in new[] { "PackageUser.dll", "DriftLibrary.dll", "Serilog.dll", "Serilog.Sinks.File.dll" })
        {
            Assert.That(IsReadyToRun(Path.Combine(Woven, assembly)), Is.True, assembly);
        }
    }

    [Test]
    public void StrongNamedPackagesKeepTheirIdentity()
    {
        var published = AssemblyName.GetAssemblyName(Path.Combine(Published, "Serilog.dll"));
        var woven = AssemblyName.GetAssemblyName(Path.Combine(Woven, "Serilog.dll"));
        Assert.That(woven.FullName, Is.EqualTo(published.FullName));
        Assert.That(woven.GetPublicKeyToken(), Is.Not.Empty);
        Assert.That(StrongNameSignature.IsValid(Path.Combine(Woven, "Serilog.dll")), Is.False, "no --key: the signature cannot be valid");
        Assert.That(_weave.Output, Does.Contain("note: strong name: identity kept (public key token 24c2f752a8e58a10), but its signature is no longer valid"));
    }

    [Test]
    public void TheWovenAppDoesWhatTheUnwovenAppDid()
    {
        Assert.That(_unwovenRun.ExitCode, Is.EqualTo(0), _unwovenRun.ToString());
        Assert.That(_wovenRun.ExitCode, Is.EqualTo(0), _wovenRun.ToString());
        Assert.That(_wovenRun.Output, Is.EqualTo(_unwovenRun.Output));
        Assert.That(_wovenRun.Output, Does.Contain("cliwrap: hello from echo (exit 0)").And.Contain("castle: hello, proxy (intercepted Greet)").And.Contain("flurl: ok"));
        Assert.That(ToolRun.Snapshot(WovenData), Is.EqualTo(ToolRun.Snapshot(_temp.File("data-unwoven"))), "the same files with the same contents");
    }

    [Test]
    public void EachPackageRaisesItsEventsWithTheirArguments()
    {
        var events = Events();
        Assert.Multiple(() =>
        {
            Assert.That(Find(events, "file.open", "path", Path.Combine(WovenData, "logs", "serilog.log")).Caller, Does.StartWith("Serilog.Sinks.File."));
            Assert.That(Find(events, "file.mkdir", "path", Path.Combine(WovenData, "logs")).Caller, Does.StartWith("Serilog.Sinks.File."));
            Assert.That(Find(events, "file.open", "path", Path.Combine(WovenData, "saved.txt")).Caller, Is.EqualTo("DriftLibrary.Store.Save"));

            var start = Find(events, "process.start", "executable", "echo");
            Assert.That(start.Caller, Does.StartWith("CliWrap."));
            Assert.That(start.Args.GetProperty("arguments").GetString(), Is.EqualTo("hello from echo"));

            Assert.That(Find(events, "reflection-emit.assembly", "name", "DynamicProxyGenAssembly2").Caller, Does.StartWith("Castle.DynamicProxy."));
            Assert.That(Find(events, "reflection-emit.type", "name", "Castle.Proxies.IGreeterProxy").Api, Does.StartWith("M:System.Reflection.Emit.ModuleBuilder.DefineType("));

            var request = Find(events, "network.request", "uri", _server.BaseUri + "hello");
            Assert.That(request.Caller, Does.StartWith("Flurl.Http."));
            Assert.That(request.Args.GetProperty("method").GetString(), Is.EqualTo("GET"));
        });
    }

    [Test]
    public void EveryLogLineIsOneCompleteEvent()
    {
        var lines = File.ReadAllLines(LogPath);
        Assert.That(lines, Is.Not.Empty);
        var pids = new HashSet<int>();
        foreach (var line in lines)
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            Assert.That(root.EnumerateObject().Select(p => p.Name), Is.SupersetOf(new[] { "time", "event", "category", "args", "api", "caller", "pid", "tid" }), line);
            Assert.That(DateTime.Parse(root.GetProperty("time").GetString()!, System.Globalization.CultureInfo.InvariantCulture), Is.Not.EqualTo(default(DateTime)));
            Assert.That(root.GetProperty("event").GetString(), Does.StartWith(root.GetProperty("category").GetString() + "."));
            Assert.That(root.GetProperty("tid").GetInt32(), Is.GreaterThan(0));
            pids.Add(root.GetProperty("pid").GetInt32());
        }

        Assert.That(pids, Has.Count.EqualTo(1));
    }

    private static bool IsReadyToRun(string path)
    {
        using var reader = new PEReader(File.OpenRead(path));
        return reader.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0;
    }

    private static LoggedEvent Find(IReadOnlyList<LoggedEvent> events, string name, string argument, string value) =>
        events.FirstOrDefault(e => e.Name == name && e.Args.TryGetProperty(argument, out var v) && v.GetString() == value)
        ?? throw new AssertionException("No " + name + " event with " + argument + "=" + value + " in:\n" + string.Join("\n", events.Select(e => e.Line)));

    private List<LoggedEvent> Events() =>
        File.ReadAllLines(LogPath).Select(line =>
        {
            var root = JsonDocument.Parse(line).RootElement;
            return new LoggedEvent(line, root.GetProperty("event").GetString()!, root.GetProperty("args"), root.GetProperty("api").GetString(), root.GetProperty("caller").GetString());
        }).ToList();

    private sealed record LoggedEvent(string Line, string Name, JsonElement Args, string? Api, string? Caller);
}
