using System.Collections.Generic;
using System.IO;
using System.Linq;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Tool.Framework;

/// <summary>
/// <c>auditweaver weave --framework</c> on Fixtures/FrameworkApp, published self-contained and framework-dependent (each
/// woven once per test run, <see cref="WovenFrameworkApps"/>): framework code announces what it does for the app, with
/// the framework method as caller, before the operating system does it; the app behaves as it did unwoven.
/// </summary>
[TestFixture(true)]
[TestFixture(false)]
public sealed class FrameworkWeavingTests : FrameworkAppTests
{
    public FrameworkWeavingTests(bool selfContained)
        : base(selfContained)
    {
    }

    [Test]
    public void FrameworkCodeRaisesItsEventsWithTheFrameworkMethodAsCaller()
    {
        using var server = new LoopbackServer(http: true);
        var unwoven = FrameworkRun.Start(App.AppHost(App.Published), Work, server.BaseUri.ToString());
        var woven = FrameworkRun.Start(App.AppHost(App.Woven), Work, server.BaseUri.ToString());

        Assert.That(woven.Result.ExitCode, Is.EqualTo(0), woven.Result.ToString());
        foreach (var operation in new[] { "xml", "zip", "http" })
        {
            Assert.That(woven.Line(operation), Is.EqualTo(unwoven.Line(operation)), operation + ": the woven app behaves as the unwoven one");
        }

        Assert.That(woven.Line("http"), Is.EqualTo("status 200"));
        Assert.That(unwoven.Events, Is.Empty, "the published app is not woven");

        // XDocument.Load(path): System.Private.Xml opens the file itself, through its own FileStream.
        var document = Path.Combine(woven.WorkFolder, "doc.xml");
        Assert.That(woven.Events, Has.Some.Matches<LoggedEvent>(e => e.Name == "file.open" && e["path"] == document && e.Caller!.StartsWith("System.Xml.XmlDownloadManager.", System.StringComparison.Ordinal)), Describe(woven));

        // ZipFile.ExtractToDirectory: System.IO.Compression.ZipFile creates the folder and each file.
        var extracted = Path.Combine(woven.WorkFolder, "extracted", "a.txt");
        Assert.That(woven.Events, Has.Some.Matches<LoggedEvent>(e => e.Name == "file.open" && e["path"] == extracted && e["mode"] == "CreateNew" && e.Caller!.StartsWith("System.IO.Compression.", System.StringComparison.Ordinal)), Describe(woven));
        Assert.That(File.ReadAllText(extracted), Is.EqualTo("a"));

        // HttpClient: SocketsHttpHandler makes the socket and connects it.
        Assert.That(woven.Events, Has.Some.Matches<LoggedEvent>(e => e.Name == "network.connect" && e["host"] == "127.0.0.1" && e["port"] == server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) && e.Caller!.StartsWith("System.Net.Http.", System.StringComparison.Ordinal)), Describe(woven));

        // The framework's own P/Invokes (System.Native and the other shims) implement what is audited above.
        Assert.That(woven.Events.Where(e => e.Name == "native.call"), Is.Empty);
    }

    [Test]
    public void EventsOnlyTheFrameworkRaisesComeBeforeTheOperationAndCanStopIt()
    {
        // network.connect and file.mkdir are raised by framework code alone here (the app calls HttpClient.GetAsync and
        // ZipFile.ExtractToDirectory): denied, the connection is never made and the folder never created.
        using var server = new LoopbackServer(http: true);
        var run = FrameworkRun.Start(App.AppHost(App.Woven), Work, server.BaseUri.ToString(), new Dictionary<string, string?> { ["AUDITWEAVER_DENY"] = "network.connect,file.mkdir" });

        Assert.That(run.Result.ExitCode, Is.EqualTo(0), run.Result.ToString());
        Assert.That(run.Line("http"), Does.StartWith("HttpRequestException").Or.StartWith("AuditDeniedException"), run.Result.ToString());
        Assert.That(run.Line("zip"), Does.StartWith("AuditDeniedException"), run.Result.ToString());
        Assert.That(server.AcceptedAfterSettling(), Is.EqualTo(0), "no connection reached the server");
        Assert.That(Directory.Exists(Path.Combine(run.WorkFolder, "extracted")), Is.False);
        Assert.That(run.Line("xml"), Is.EqualTo("root hello"), "what is not denied still runs");
        Assert.That(run.Result.Error, Does.Contain("audit: denied network.connect"));
    }

    [Test]
    public void EveryWovenFrameworkAssemblyTheAppLoadsIsTheAppFoldersCopy()
    {
        using var server = new LoopbackServer(http: true);
        var run = FrameworkRun.Start(App.AppHost(App.Woven), Work, server.BaseUri.ToString());
        var loaded = run.LoadedAssemblies();
        var woven = App.WovenFramework();
        var expected = new[] { "System.Private.Xml", "System.Private.Xml.Linq", "System.IO.Compression.ZipFile", "System.Net.Http", "System.Net.Sockets" };
        Assert.That(woven.Keys, Is.SupersetOf(expected));
        Assert.That(loaded.Keys, Is.SupersetOf(expected), run.Result.ToString());
        foreach (var name in woven.Keys.Where(loaded.ContainsKey))
        {
            Assert.That(loaded[name], Is.EqualTo(Path.Combine(App.Woven, name + ".dll")), name + " is loaded from the app's folder");
        }

        Assert.That(loaded["System.Private.CoreLib"], SelfContained ? Does.StartWith(App.Woven) : Does.Not.StartWith(App.Woven), "CoreLib is never woven or copied");
    }

    [Test]
    public void TheWeaveSaysWhatItDidWithTheFramework()
    {
        var output = App.Weave.Output;
        if (SelfContained)
        {
            Assert.That(output, Does.Contain("skipped System.Private.CoreLib.dll: System.Private.CoreLib, the runtime's core"));
        }

        Assert.That(output, Does.Match(@"woven\s+System\.Private\.Xml\.dll: \d+ call sites"));
        Assert.That(output, Does.Contain("framework: " + App.WovenFramework().Count + " assemblies woven"));
        if (!SelfContained)
        {
            Assert.That(output, Does.Contain("framework: registered the " + App.WovenFramework().Count + " woven copies in FrameworkApp.deps.json"));
            Assert.That(File.Exists(Path.Combine(App.Woven, "System.Private.CoreLib.dll")), Is.False);
        }

        TestContext.Out.WriteLine("{0}: {1} framework assemblies woven, {2} call sites in them, weave {3:F1} s", SelfContained ? "self-contained" : "framework-dependent",
            App.WovenFramework().Count, FrameworkSites(output), App.WeaveTime.TotalSeconds);
    }

    private int FrameworkSites(string output) =>
        System.Text.RegularExpressions.Regex.Matches(output, @"\] woven\s+(?<file>\S+)\.dll: (?<sites>\d+) call sites?")
            .Where(m => App.WovenFramework().ContainsKey(m.Groups["file"].Value))
            .Sum(m => int.Parse(m.Groups["sites"].Value, System.Globalization.CultureInfo.InvariantCulture));

    private static string Describe(FrameworkRun run) => run.Result + "\nevents:\n" + string.Join("\n", run.Events);
}
