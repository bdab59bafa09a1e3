using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Sockets;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Weaving.Dlr;

/// <summary>
/// A script host that binds <c>Type.Method(args)</c> by name through its own binders (AssemblyToProcess.Dlr.ScriptHost):
/// the members it reaches raise their events and can be refused, its binders stay the CallSite's binders, and a
/// ready-made rule from BindDelegate in unwoven code is not used.
/// </summary>
public class ScriptHostTests : TempFixture
{
    private readonly dynamic _host = Woven.Create("Dlr.ScriptHost");

    [Test]
    public void AScriptsFileWriteIsAuditedAndDeniable()
    {
        var path = Temp.File("script.txt");
        var line = "System.IO.File.WriteAllText(\"" + path + "\", \"from a script\")";
        DlrExpect.RaisedBefore("file.open", new object?[] { path, "Create", "Write" }, () => !File.Exists(path), () => _host.Run(line));
        Assert.That(File.ReadAllText(path), Is.EqualTo("from a script"));
        Assert.That(((object)_host.LastBinder).GetType().Name, Is.EqualTo("ScriptInvokeBinder"), "the CallSite keeps the host's own binder");

        File.Delete(path);
        DlrExpect.Denied("file.open", () => _host.Run(line));
        Assert.That(File.Exists(path), Is.False);
    }

    [Test]
    public void AScriptsProcessStartIsAuditedAndDeniable()
    {
        var marker = Temp.File("script-started");
        DlrExpect.RaisedBefore("process.start", new object?[] { "touch", marker, null }, () => !File.Exists(marker), () => ((IDisposable)_host.Run("System.Diagnostics.Process.Start(\"touch\", \"" + marker + "\")")).Dispose());
        WaitFor(() => File.Exists(marker));

        var never = Temp.File("script-never");
        DlrExpect.Denied("process.start", () => _host.Run("System.Diagnostics.Process.Start(\"touch\", \"" + never + "\")"));
        Assert.That(File.Exists(never), Is.False);
    }

    [Test]
    public void AScriptsTcpClientIsAuditedAndDeniableEvenWithAReadyMadeRule()
    {
        using var server = new LoopbackServer();
        var line = "System.Net.Sockets.TcpClient.new(\"127.0.0.1\", " + server.Port + ")";
        DlrExpect.RaisedBefore("network.connect", new object?[] { "127.0.0.1", server.Port }, () => server.Accepted == 0, () => ((IDisposable)_host.Run(line)).Dispose());
        Assert.That(((object)_host.LastBinder).GetType().Name, Is.EqualTo("ScriptNewBinder"));
        Assert.That(server.AcceptedAfterSettling(), Is.EqualTo(1));

        // A rule offered by BindDelegate from code that is not woven would connect unaudited: the DLR binds through Bind.
        var readyMadeRuns = 0;
        var host = Woven.Create("Dlr.ScriptHost");
        host.Precompiled = (Func<Type, Delegate?>)(_ => (Func<System.Runtime.CompilerServices.CallSite, object, object?, object?, object?>)((_, _, h, p) =>
        {
            readyMadeRuns++;
            return new TcpClient((string)h!, (int)p!);
        }));
        using var refusing = new LoopbackServer();
        var refused = "System.Net.Sockets.TcpClient.new(\"127.0.0.1\", " + refusing.Port + ")";
        DlrExpect.Denied("network.connect", () => host.Run(refused));
        DlrExpect.Denied("network.connect", () => _host.Run(refused));
        Assert.That(refusing.AcceptedAfterSettling(), Is.Zero);
        Assert.That(readyMadeRuns, Is.Zero);
    }

    [Test]
    public void AuditWeaverDenyRefusesAScriptsConnectInAFreshProcess()
    {
        using var server = new LoopbackServer();
        var run = Child.Run(new Dictionary<string, string?> { ["AUDITWEAVER_DENY"] = "network.*" }, "dlr-script", Woven.AssemblyPath, "System.Net.Sockets.TcpClient.new(\"127.0.0.1\", " + server.Port + ")");
        Assert.That(run.Output, Does.Contain("AuditDeniedException").And.Contain("network.connect"), run.ToString());
        Assert.That(server.AcceptedAfterSettling(), Is.Zero);

        var path = Temp.File("child.txt");
        var allowed = Child.Run(new Dictionary<string, string?> { ["AUDITWEAVER_DENY"] = "network.*" }, "dlr-script", Woven.AssemblyPath, "System.IO.File.WriteAllText(\"" + path + "\", \"ok\")");
        Assert.That(allowed.Output, Does.Contain("ran"), allowed.ToString());
        Assert.That(File.ReadAllText(path), Is.EqualTo("ok"));
    }

    [Test]
    public void ABinderFromUnwovenCodeIsAuditedWhereWovenCodeCreatesItsCallSite()
    {
        var binder = new UnwovenWriteBinder();
        var path = Temp.File("library-binder.txt");
        DlrExpect.RaisedBefore("file.open", new object?[] { path, "Create", "Write" }, () => !File.Exists(path), () => _host.RunWith(binder, path, "bound"));
        Assert.That(File.ReadAllText(path), Is.EqualTo("bound"));

        File.Delete(path);
        DlrExpect.Denied("file.open", () => _host.RunWith(binder, path, "bound"));
        Assert.That(File.Exists(path), Is.False);
        Assert.That(binder.ReadyMadeRuns, Is.Zero, "the ready-made rule of unwoven code is not used");
        Assert.That(binder.Binds, Is.GreaterThan(0));
    }

    private static void WaitFor(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            System.Threading.Thread.Sleep(50);
        }

        Assert.That(condition(), Is.True);
    }
}

/// <summary>A library's binder (this test assembly is not woven): binds File.WriteAllText, and offers a ready-made rule that would write unaudited.</summary>
internal sealed class UnwovenWriteBinder : System.Runtime.CompilerServices.CallSiteBinder
{
    internal int Binds { get; private set; }

    internal int ReadyMadeRuns { get; private set; }

    public override System.Linq.Expressions.Expression Bind(object[] args, System.Collections.ObjectModel.ReadOnlyCollection<System.Linq.Expressions.ParameterExpression> parameters, System.Linq.Expressions.LabelTarget returnLabel)
    {
        Binds++;
        var write = typeof(File).GetMethod(nameof(File.WriteAllText), new[] { typeof(string), typeof(string) })!;
        var call = System.Linq.Expressions.Expression.Call(write, System.Linq.Expressions.Expression.Convert(parameters[0], typeof(string)), System.Linq.Expressions.Expression.Convert(parameters[1], typeof(string)));
        return System.Linq.Expressions.Expression.Return(returnLabel, System.Linq.Expressions.Expression.Block(call, System.Linq.Expressions.Expression.Constant(null, typeof(object))));
    }

    public override T? BindDelegate<T>(System.Runtime.CompilerServices.CallSite<T> site, object[] args) where T : class =>
        (T)(object)(Func<System.Runtime.CompilerServices.CallSite, object?, object?, object?>)((_, path, text) =>
        {
            ReadyMadeRuns++;
            File.WriteAllText((string)path!, (string)text!);
            return null;
        });
}
