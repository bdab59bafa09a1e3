using System;
using System.IO;
using System.Linq;
using AuditWeaver;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Weaving.Dlr;

/// <summary>
/// C# <c>dynamic</c> and expression trees with a DynamicExpression: members Microsoft.CSharp's binders bind by name at
/// run time raise the events a direct call raises, before the call, with the same arguments, and a hook can refuse them.
/// </summary>
public class DlrTests : TempFixture
{
    private readonly dynamic _dlr = Woven.Create("Dlr.DlrScenarios");

    [Test]
    public void DynamicFileWriteIsAuditedAndDeniable()
    {
        var path = Temp.File("dynamic.txt");
        var e = DlrExpect.RaisedBefore("file.open", new object?[] { path, "Create", "Write" }, () => !File.Exists(path), () => _dlr.WriteText(path, "dyn"));
        Assert.That(e.Api, Is.EqualTo("M:System.IO.File.WriteAllText(System.String,System.String)"));
        Assert.That(File.ReadAllText(path), Is.EqualTo("dyn"));

        File.Delete(path);
        DlrExpect.Denied("file.open", () => _dlr.WriteText(path, "dyn"));
        DlrExpect.Denied("file.open", () => _dlr.WriteText(path, "dyn"), "the rule the DLR cached for this site still raises");
        Assert.That(File.Exists(path), Is.False);
    }

    [Test]
    public void DynamicProcessStartIsAuditedAndDeniable()
    {
        var marker = Temp.File("started");
        int exitCode = -1;
        DlrExpect.RaisedBefore("process.start", new object?[] { "touch", marker, null }, () => !File.Exists(marker), () => exitCode = _dlr.Start("touch", marker));
        Assert.That(exitCode, Is.Zero);
        Assert.That(File.Exists(marker), Is.True);

        var never = Temp.File("never");
        DlrExpect.Denied("process.start", () => _dlr.Start("touch", never));
        Assert.That(File.Exists(never), Is.False, "a denied start runs nothing");
    }

    [Test]
    public void DynamicTcpClientConnectsAreAuditedAndDeniable()
    {
        using var server = new LoopbackServer();
        DlrExpect.RaisedBefore("network.connect", new object?[] { "127.0.0.1", server.Port }, () => server.Accepted == 0, () => ((IDisposable)_dlr.Connect("127.0.0.1", server.Port)).Dispose());
        DlrExpect.RaisedBefore("network.connect", new object?[] { "127.0.0.1", server.Port }, () => true, () => ((IDisposable)_dlr.ConnectLater("127.0.0.1", server.Port)).Dispose());
        Assert.That(server.AcceptedAfterSettling(), Is.EqualTo(2));

        using var refusing = new LoopbackServer();
        DlrExpect.Denied("network.connect", () => _dlr.Connect("127.0.0.1", refusing.Port));
        DlrExpect.Denied("network.connect", () => _dlr.ConnectLater("127.0.0.1", refusing.Port));
        Assert.That(refusing.AcceptedAfterSettling(), Is.Zero, "no connection was made");
    }

    [Test]
    public void ADynamicExpressionInATreeIsAuditedCompiledOrInterpreted()
    {
        foreach (var interpret in new[] { false, true })
        {
            var write = (Action<object, object>)_dlr.WriteTextThroughATree(interpret);
            var path = Temp.File("tree-" + interpret + ".txt");
            DlrExpect.RaisedBefore("file.open", new object?[] { path, "Create", "Write" }, () => !File.Exists(path), () => write(path, "tree"));
            Assert.That(File.ReadAllText(path), Is.EqualTo("tree"));

            File.Delete(path);
            DlrExpect.Denied("file.open", () => write(path, "tree"));
            Assert.That(File.Exists(path), Is.False, interpret ? "interpreted" : "compiled");
        }
    }

    [Test]
    public void DynamicCallSitesAreNoLongerReportedAsUnaudited() =>
        Assert.That(Woven.Result.Diagnostics.Where(d => d.Id == AuditWeaver.Fody.Engine.DiagnosticIds.DynamicCallSite && d.Method!.StartsWith("AssemblyToProcess.Dlr.", StringComparison.Ordinal)), Is.Empty);
}

/// <summary>Assertions for members bound by the DLR, whose events name no woven call site of their own.</summary>
internal static class DlrExpect
{
    /// <summary>
    /// Runs <paramref name="action"/> and asserts it raised <paramref name="eventName"/> once, with <paramref name="arguments"/>,
    /// at a moment <paramref name="notYetDone"/> still held (the operation had not happened).
    /// </summary>
    internal static AuditEvent RaisedBefore(string eventName, object?[] arguments, Func<bool> notYetDone, Action action)
    {
        bool? before = null;
        using var recorder = AuditRecorder.Start(e =>
        {
            if (e.Name == eventName)
            {
                before = notYetDone();
            }

            return false;
        });
        action();
        var raised = recorder.Single(eventName);
        Assert.That(raised.Arguments, Is.EqualTo(arguments), raised.ToString());
        Assert.That(before, Is.True, "the event came before the operation");
        return raised;
    }

    internal static void Denied(string eventName, Action action, string? because = null)
    {
        using var recorder = AuditRecorder.Denying(eventName);
        var exception = Assert.Throws<AuditDeniedException>(() => action(), because ?? string.Empty);
        Assert.That(exception!.Event, Is.SameAs(recorder.Named(eventName).Last()));
    }
}
