using System.Linq;
using System.Text.Json;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Tool;

/// <summary>
/// The scan's call graph over Fixtures/Dispatch: the app calls no audited API and names none of its library's methods
/// that have one, so each capability below is found only by following interface dispatch, an override of an abstract
/// method, a method group or a lambda into Dispatch.Library.
/// </summary>
public class CallGraphTests
{
    private static JsonElement s_indirect;
    private static JsonElement s_edges;
    private static string s_text = string.Empty;
    private static string[] s_libraryCategories = System.Array.Empty<string>();

    [OneTimeSetUp]
    public static void Scan()
    {
        var json = ToolRun.InProcess("scan", Paths.DispatchAppOutput, "--format", "json");
        Assert.That(json.ExitCode, Is.EqualTo(0), json.ToString());
        using var report = JsonDocument.Parse(json.Output);
        var app = report.RootElement.GetProperty("assemblies").EnumerateArray().Single(a => a.GetProperty("assembly").GetString() == "Dispatch.App");
        Assert.That(app.GetProperty("sites").GetArrayLength(), Is.EqualTo(0), "the app calls no audited API itself");
        s_indirect = report.RootElement.GetProperty("indirect").Clone();
        var library = report.RootElement.GetProperty("assemblies").EnumerateArray().Single(a => a.GetProperty("assembly").GetString() == "Dispatch.Library");
        s_libraryCategories = library.GetProperty("sites").EnumerateArray().Select(s => s.GetProperty("category").GetString()!).ToArray();
        s_edges = report.RootElement.GetProperty("callGraphEdges").Clone();

        var text = ToolRun.InProcess("scan", Paths.DispatchAppOutput);
        Assert.That(text.ExitCode, Is.EqualTo(0), text.ToString());
        s_text = text.Output;
    }

    [Test]
    public void AnInterfaceImplementedInAnotherAssemblyIsFollowed() =>
        AssertPath("file", new[] { "Dispatch.App.Program.Save", "Dispatch.Library.FileStore.Save", "M:System.IO.File.WriteAllText(System.String,System.String)" }, "interface");

    [Test]
    public void AnAbstractMethodIsFollowedToItsOverride() =>
        AssertPath("process", new[] { "Dispatch.App.Program.Export", "Dispatch.Library.ProcessExporter.Export", "M:System.Diagnostics.Process.Start(System.String,System.String)" }, "virtual");

    [Test]
    public void ADelegateMadeFromAMethodGroupIsFollowed() =>
        AssertPath("network", new[] { "Dispatch.App.Program.Main", "Dispatch.Library.Lookups.Resolver", "Dispatch.Library.Lookups.Resolve", "M:System.Net.Dns.GetHostAddresses(System.String)" }, "direct", "delegate");

    [Test]
    public void ADelegateMadeFromALambdaIsFollowed() =>
        AssertPath("environment", new[] { "Dispatch.App.Program.Main", "Dispatch.Library.Lookups.Setting", "Dispatch.Library.Lookups.Setting.<lambda>", "M:System.Environment.SetEnvironmentVariable(System.String,System.String)" }, "direct", "delegate");

    [Test]
    public void AnExplicitImplementationIsTakenBeforeAMethodOfTheSameName()
    {
        var found = s_indirect.EnumerateArray().Single(i => i.GetProperty("assembly").GetString() == "Dispatch.App" && i.GetProperty("category").GetString() == "reflection");
        var path = found.GetProperty("path").EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.That(path, Has.Count.EqualTo(3), found.ToString());
        Assert.That(path[0], Is.EqualTo("Dispatch.App.Program.Save"));
        Assert.That(path[1], Does.StartWith("Dispatch.Library.PluginStore.").And.Contain("IStore.Save"), "the explicit implementation, not PluginStore.Save");
        Assert.That(path[2], Is.EqualTo("M:System.Activator.CreateInstance(System.Type,System.Object[])"));
        Assert.That(found.GetProperty("via").EnumerateArray().Select(v => v.GetString()), Is.EqualTo(new[] { "interface" }));
    }

    [Test]
    public void ANewVirtualMethodOfTheSameSignatureIsNotAnOverride()
    {
        // LoadingNotifier.Notify (new virtual) loads an assembly; the app calls Notifier.Notify on it, which runs Notifier's.
        Assert.That(s_libraryCategories, Does.Contain("assembly-load"), "the library has the capability the app must not reach");
        var reached = s_indirect.EnumerateArray().Where(i => i.GetProperty("assembly").GetString() == "Dispatch.App").Select(i => i.GetProperty("category").GetString());
        Assert.That(reached, Does.Not.Contain("assembly-load"), s_indirect.ToString());
    }

    [Test]
    public void TheReportCountsTheEdgesOfEachKind()
    {
        Assert.That(s_edges.GetProperty("direct").GetInt32(), Is.GreaterThan(0));
        Assert.That(s_edges.GetProperty("interface").GetInt32(), Is.GreaterThan(0));
        Assert.That(s_edges.GetProperty("virtual").GetInt32(), Is.GreaterThan(0));
        Assert.That(s_edges.GetProperty("delegate").GetInt32(), Is.GreaterThanOrEqualTo(2));
        Assert.That(s_text, Does.Match(@"Call graph edges: \d+ direct, [1-9]\d* virtual, [1-9]\d* interface, [1-9]\d* delegate"));
        Assert.That(s_text, Does.Contain("Dispatch.App reaches file through Dispatch.Library: Dispatch.App.Program.Save -> Dispatch.Library.FileStore.Save (interface) -> M:System.IO.File.WriteAllText(System.String,System.String) (file.open)"));
    }

    private static void AssertPath(string category, string[] path, params string[] via)
    {
        var found = s_indirect.EnumerateArray().Where(i => i.GetProperty("assembly").GetString() == "Dispatch.App" && i.GetProperty("category").GetString() == category).ToList();
        Assert.That(found, Has.Count.EqualTo(1), s_indirect.ToString());
        Assert.That(found[0].GetProperty("through").GetString(), Is.EqualTo("Dispatch.Library"));
        Assert.That(found[0].GetProperty("path").EnumerateArray().Select(p => p.GetString()), Is.EqualTo(path));
        Assert.That(found[0].GetProperty("via").EnumerateArray().Select(p => p.GetString()), Is.EqualTo(via));
    }
}
