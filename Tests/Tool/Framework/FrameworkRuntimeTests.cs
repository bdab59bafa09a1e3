using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Tool.Framework;

/// <summary>
/// AuditWeaver.dll runs on the framework it audits: with the framework woven, its own features (the JSON-lines log, the
/// EventSource, a policy read from JSON, hooks, the caller filter of the log) keep working, the app starts without
/// recursion or deadlock, and the runtime's own work raises no events of its own.
/// </summary>
[TestFixture(true)]
[TestFixture(false)]
public sealed class FrameworkRuntimeTests : FrameworkAppTests
{
    public FrameworkRuntimeTests(bool selfContained)
        : base(selfContained)
    {
    }

    [Test]
    public void TheLogTheEventSourceAPolicyAndHooksWorkOnTheWovenFramework()
    {
        using var server = new LoopbackServer(http: true);
        var plain = FrameworkRun.Start(App.AppHost(App.Woven), Work, server.BaseUri.ToString());
        var run = FrameworkRun.Start(App.AppHost(App.Woven), Work, server.BaseUri.ToString(), policy: """{ "rules": [ { "deny": "network.connect" } ] }""");

        Assert.That(run.Result.ExitCode, Is.EqualTo(0), run.Result.ToString());
        Assert.That(run.Line("xml"), Is.EqualTo("root hello"));
        Assert.That(run.Line("http"), Does.StartWith("HttpRequestException").Or.StartWith("AuditDeniedException"), "the policy denied the framework's connect");
        Assert.That(server.AcceptedAfterSettling(), Is.EqualTo(1), "only the run without the policy connected");

        // The EventSource saw every event the log wrote; the counting hook, added after the policy, all but the denied one
        // and those raised before it was added.
        var counts = run.Line("runtime").Split(", ").ToDictionary(p => p.Split(' ')[0], p => int.Parse(p.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.That(counts["eventsource"], Is.EqualTo(run.Events.Count), run.Result.ToString());
        Assert.That(counts["hook"], Is.InRange(1, counts["eventsource"] - 1));

        // No storm: the runtime's own work (reading the policy, its EventSource, the log's writes) adds no events; the
        // run with the features raised at most the plain run's events and its two audit.addhook.
        Assert.That(run.Events.Count(e => e.Name == "audit.addhook"), Is.EqualTo(2), "each hook is announced (to the log, which sees them all)");
        Assert.That(run.Events.Count, Is.LessThanOrEqualTo(plain.Events.Count + 2), string.Join("\n", run.Events));
    }

    [Test]
    public void SkippingTheFrameworksCallersLeavesWhatTheAppDidItself()
    {
        using var server = new LoopbackServer(http: true);
        var run = FrameworkRun.Start(App.AppHost(App.Woven), Work, server.BaseUri.ToString(), new Dictionary<string, string?> { ["AUDITWEAVER_LOG_SKIP_CALLERS"] = "System.*,Microsoft.*" });

        Assert.That(run.Result.ExitCode, Is.EqualTo(0), run.Result.ToString());
        Assert.That(run.Events.Select(e => e.Caller).Distinct(), Is.EqualTo(new[] { "Program.Main.<lambda>" }), string.Join("\n", run.Events));
        Assert.That(run.Events.Select(e => e.Name), Is.EquivalentTo(new[] { "file.open", "file.extract", "file.list", "network.request" }));
    }
}
