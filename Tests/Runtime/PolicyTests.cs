using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using AuditWeaver;
using AuditWeaver.Policies;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Runtime;

/// <summary>
/// Policies judged on real events from woven call sites. Each event is taken with a capture that denies it, so the
/// operation (a delete, a process, a connection) never happens.
/// </summary>
public class PolicyTests : TempFixture
{
    private static readonly dynamic s_files = Woven.Create("FileScenarios");
    private static readonly dynamic s_processes = Woven.Create("ProcessScenarios");
    private static readonly dynamic s_network = Woven.Create("NetworkScenarios");

    [Test]
    public void AnAllowRuleOnAFolderNeedsEveryPathInsideIt()
    {
        var allowed = Directory.CreateDirectory(Temp.File("allowed")).FullName;
        var policy = new AuditPolicyBuilder().Allow("file.*", when => when.PathUnder(allowed)).Deny("file.*").Build();

        Assert.Multiple(() =>
        {
            Assert.That(policy.IsAllowed(EventOf("file.delete", () => s_files.Delete(Path.Combine(allowed, "a.txt")))), Is.True);
            Assert.That(policy.IsAllowed(EventOf("file.delete", () => s_files.Delete(Temp.File("b.txt")))), Is.False);
            Assert.That(policy.IsAllowed(EventOf("file.delete", () => s_files.Delete(Path.Combine(allowed, "..", "c.txt")))), Is.False, "'..' is resolved");
            Assert.That(policy.IsAllowed(EventOf("file.delete", () => s_files.Delete(allowed + "-not/d.txt"))), Is.False, "a sibling with the same prefix is outside");
            Assert.That(policy.IsAllowed(EventOf("file.copy", () => s_files.Copy(Path.Combine(allowed, "e.txt"), Temp.File("e.txt")))), Is.False, "a copy out of the folder");
        });
    }

    [Test]
    public void ADenyRuleOnAFolderAppliesWhenAnyPathIsInsideIt()
    {
        var secret = Directory.CreateDirectory(Temp.File("secret")).FullName;
        var policy = new AuditPolicyBuilder().Deny("file.*", when => when.PathUnder(secret)).Build();

        Assert.That(policy.IsAllowed(EventOf("file.copy", () => s_files.Copy(Path.Combine(secret, "key"), Temp.File("copy")))), Is.False);
        Assert.That(policy.IsAllowed(EventOf("file.copy", () => s_files.Copy(Temp.File("a"), Temp.File("b")))), Is.True);
    }

    [Test]
    public void HostsMatchByNameOrSubdomainWithoutRegardToCase()
    {
        var policy = new AuditPolicyBuilder().Allow("network.*", when => when.HostIn("localhost", "*.example.com")).DenyByDefault().Build();

        Assert.Multiple(() =>
        {
            Assert.That(policy.IsAllowed(EventOf("network.resolve", () => s_network.Resolve("LocalHost"))), Is.True);
            Assert.That(policy.IsAllowed(EventOf("network.resolve", () => s_network.Resolve("api.example.com"))), Is.True);
            Assert.That(policy.IsAllowed(EventOf("network.resolve", () => s_network.Resolve("example.org"))), Is.False);
            Assert.That(policy.IsAllowed(EventOf("network.connect", () => s_network.SocketConnect(new IPEndPoint(IPAddress.Loopback, 9)))), Is.False);
            Assert.That(policy.IsAllowed(EventOf("network.request", () => s_network.HttpSend(new Uri("http://www.example.com/x")).GetAwaiter().GetResult())), Is.True);
        });
    }

    [Test]
    public void ExecutablesMatchByFileNameOrFullPath()
    {
        var policy = new AuditPolicyBuilder().Deny("process.start", when => when.Executable("sh")).Build();
        var byPath = new AuditPolicyBuilder().Allow("process.start", when => when.Executable("/usr/bin/true")).DenyByDefault().Build();

        var shell = EventOf("process.start", () => s_processes.RunWithStartInfo("/bin/sh", "-c exit", Temp.Path));
        var truth = EventOf("process.start", () => s_processes.RunWithStartInfo("/usr/bin/true", "", Temp.Path));

        Assert.That(policy.IsAllowed(shell), Is.False);
        Assert.That(policy.IsAllowed(truth), Is.True);
        Assert.That(byPath.IsAllowed(truth), Is.True);
        Assert.That(byPath.IsAllowed(shell), Is.False);
    }

    [Test]
    public void PatternsUseStarAndQuestionMarkAndTheFirstApplicableRuleDecides()
    {
        var policy = new AuditPolicyBuilder().Allow("myapp.log?n").Deny("myapp.*").Allow("*").Build();

        Assert.Multiple(() =>
        {
            Assert.That(policy.IsAllowed(UserEvent("myapp.login")), Is.True);
            Assert.That(policy.IsAllowed(UserEvent("myapp.logout")), Is.False);
            Assert.That(policy.IsAllowed(UserEvent("myapp.x.y")), Is.False);
            Assert.That(policy.IsAllowed(UserEvent("myapps.x")), Is.True);
            Assert.That(new AuditPolicyBuilder().DenyByDefault().Build().IsAllowed(UserEvent("myapp.login")), Is.False);
        });
    }

    [Test]
    public void EnforceReportsTheDenialBeforeItThrows()
    {
        var reported = new ConcurrentQueue<string>();
        var policy = new AuditPolicyBuilder()
            .Allow("process.start", when => when.Executable("true"))
            .Deny("process.start", when => when.Executable("sh"))
            .OnDenied((e, reason) => reported.Enqueue(e.Name + ": " + reason))
            .Build();
        var shell = EventOf("process.start", () => s_processes.RunWithStartInfo("/bin/sh", "-c exit", Temp.Path));

        var denied = Assert.Throws<AuditDeniedException>(() => policy.Enforce(shell));

        Assert.That(denied!.Event, Is.SameAs(shell));
        Assert.That(denied.Message, Is.EqualTo("Audit event 'process.start' was denied: rule 2 (deny process.start where executable sh)"));
        Assert.That(reported, Is.EqualTo(new[] { "process.start: rule 2 (deny process.start where executable sh)" }));
    }

    [Test]
    public void ManyThreadsEnforcingAtOnceReportEveryDenialOnce()
    {
        var reported = new ConcurrentBag<int>();
        var policy = new AuditPolicyBuilder().Deny("myapp.secret").OnDenied((e, _) => reported.Add((int)e.Arguments[0]!)).Build();
        var denials = 0;

        Parallel.For(0, 4_000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            try
            {
                policy.Enforce(UserEvent(i % 2 == 0 ? "myapp.secret" : "myapp.public", i));
            }
            catch (AuditDeniedException)
            {
                System.Threading.Interlocked.Increment(ref denials);
            }
        });

        Assert.That(denials, Is.EqualTo(2_000));
        Assert.That(reported.OrderBy(i => i), Is.EqualTo(Enumerable.Range(0, 2_000).Select(i => i * 2)));
    }

    [Test]
    public void AJsonFileGivesTheSameRulesWithFoldersRelativeToTheFile()
    {
        Directory.CreateDirectory(Temp.File("data"));
        var file = Temp.Write("policy.json", """
            // Comments and trailing commas are allowed.
            {
              "default": "deny",
              "rules": [
                { "allow": "file.*", "pathUnder": ["data"] },
                { "deny": "process.start", "executable": ["sh"] },
                { "allow": "process.*" },
                { "allow": "network.*", "hostIn": ["*.example.com"], },
              ],
            }
            """);
        var policy = new AuditPolicyBuilder().AddJsonFile(file).Build();

        Assert.Multiple(() =>
        {
            Assert.That(policy.IsAllowed(EventOf("file.delete", () => s_files.Delete(Temp.File("data/a.txt")))), Is.True);
            Assert.That(policy.IsAllowed(EventOf("file.delete", () => s_files.Delete(Temp.File("a.txt")))), Is.False);
            Assert.That(policy.IsAllowed(EventOf("process.start", () => s_processes.RunWithStartInfo("/bin/sh", "", Temp.Path))), Is.False);
            Assert.That(policy.IsAllowed(EventOf("process.start", () => s_processes.RunWithStartInfo("true", "", Temp.Path))), Is.True);
            Assert.That(policy.IsAllowed(EventOf("network.resolve", () => s_network.Resolve("api.example.com"))), Is.True);
            Assert.That(policy.IsAllowed(UserEvent("myapp.login")), Is.False, "the document's default");
        });
    }

    [TestCase("""{ "rules": [ { "allow": "file.*", "hosts": ["x"] } ] }""", "at rules[0]: unknown property \"hosts\"; known: allow, deny, pathUnder, hostIn, executable.")]
    [TestCase("""{ "rules": [ { "allow": "file.*", "deny": "file.*" } ] }""", "at rules[0]: a rule needs exactly one of \"allow\" or \"deny\", with an event pattern.")]
    [TestCase("""{ "rules": [ { "deny": "process.start", "executable": "sh" } ] }""", "at rules[0].executable: expected an array, found a string.")]
    [TestCase("""{ "default": "maybe" }""", "at default: 'maybe' is not a default; use \"allow\" or \"deny\".")]
    [TestCase("""{ "rules": [ { "allow": "file .*" } ] }""", "at rules[0]: Event pattern 'file .*' contains white space")]
    [TestCase("""{ "rule": [] }""", ": unknown property \"rule\"; known: default, rules.")]
    [TestCase("""{ "rules": [ """, ": not valid JSON: ")]
    public void ABadDocumentIsRejectedWithWhereAndWhy(string json, string expected)
    {
        var exception = Assert.Throws<FormatException>(() => new AuditPolicyBuilder().AddJson(json));
        Assert.That(exception!.Message, Does.StartWith("Audit policy (JSON text)"));
        Assert.That(exception.Message, Does.Contain(expected));
    }

    [Test]
    public void AnInstalledPolicyWritesTheDenialToStandardErrorAndTheOperationDoesNotHappen()
    {
        // A process of its own: an installed policy is a hook, and hooks cannot be removed.
        var kept = Temp.Write("kept.txt", "x");
        var policy = Temp.Write("policy.json", """{ "rules": [ { "deny": "file.delete" } ] }""");

        var run = Child.Run("policy", policy, Woven.AssemblyPath, kept);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Error, Does.StartWith("audit: denied file.delete(path: \"" + kept + "\") api=M:System.IO.File.Delete(System.String)"));
        Assert.That(run.Error, Does.Contain(": rule 1 (deny file.delete)"));
        Assert.That(run.Output, Is.EqualTo("denied: Audit event 'file.delete' was denied: rule 1 (deny file.delete)\n"));
        Assert.That(File.Exists(kept), Is.True);
    }

    // The event a woven operation raises, taken by a capture that denies it so that the operation never happens.
    private static AuditEvent EventOf(string name, Action operation)
    {
        using var capture = Audit.Capture(e => e.Name == name);
        Assert.Throws<AuditDeniedException>(() => operation());
        return capture.Events.Single(e => e.Name == name);
    }

    private static AuditEvent UserEvent(string name, params object?[] arguments)
    {
        using var capture = Audit.Capture();
        Audit.Raise(name, arguments);
        return capture.Events.Single(e => e.Name == name);
    }
}
