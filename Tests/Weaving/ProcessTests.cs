using System.Diagnostics;
using System.IO;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Weaving;

/// <summary>Processes are started with standard executables (true, touch, sleep) in a temp folder.</summary>
public class ProcessTests : TempFixture
{
    private readonly dynamic _processes = Woven.Create("ProcessScenarios");

    [Test]
    public void StartWithStartInfo()
    {
        var marker = Temp.File("started");
        int exitCode = -1;
        var e = Expect.Raises("process.start", new object?[] { "touch", "started", Temp.Path }, () => exitCode = _processes.RunWithStartInfo("touch", "started", Temp.Path));
        Assert.That(exitCode, Is.Zero);
        Assert.That(File.Exists(marker), Is.True);
        Assert.That(e.Api, Is.EqualTo("M:System.Diagnostics.Process.Start(System.Diagnostics.ProcessStartInfo)"));
    }

    [Test]
    public void ADeniedStartRunsNothing()
    {
        var marker = Temp.File("never");
        Expect.Denied("process.start", () => _processes.RunWithStartInfo("touch", "never", Temp.Path));
        Expect.Denied("process.start", () => _processes.RunWithArgumentList("touch", new[] { marker }));
        Expect.Denied("process.start", () => _processes.RunInstance("touch", marker));
        Assert.That(File.Exists(marker), Is.False);
    }

    [Test]
    public void StartWithAnArgumentList()
    {
        var marker = Temp.File("with space");
        Expect.Raises("process.start", new object?[] { "touch", "\"" + marker + "\"", null }, () => _processes.RunWithArgumentList("touch", new[] { marker }));
        Assert.That(File.Exists(marker), Is.True);
    }

    [Test]
    public void TheInstanceStartReadsItsStartInfo()
    {
        var marker = Temp.File("instance");
        var e = Expect.Raises("process.start", new object?[] { "touch", marker, null }, () => _processes.RunInstance("touch", marker));
        Assert.That(e.Api, Is.EqualTo("M:System.Diagnostics.Process.Start"));
        Assert.That(File.Exists(marker), Is.True);
    }

    [Test]
    public void KillNamesTheProcess()
    {
        using var recorder = AuditRecorder.Start();
        int pid = _processes.StartAndKill("sleep", "30");
        var kill = recorder.Single("process.kill");
        Assert.That(kill.Arguments, Is.EqualTo(new object?[] { pid, true }));
        Assert.That(recorder.Single("process.start").Arguments, Is.EqualTo(new object?[] { "sleep", "30", null }));
    }

    [Test]
    public void ADeniedKillLeavesTheProcessRunning()
    {
        using var sleeper = Process.Start("sleep", "30");
        try
        {
            Expect.Denied("process.kill", () => _processes.Kill(sleeper));
            Assert.That(sleeper.HasExited, Is.False);
            Expect.Raises("process.kill", new object?[] { sleeper.Id, false }, () => _processes.Kill(sleeper));
            Assert.That(sleeper.WaitForExit(10_000), Is.True);
        }
        finally
        {
            if (!sleeper.HasExited)
            {
                sleeper.Kill();
            }
        }
    }
}
