using System.IO;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.EndToEnd;

/// <summary>The auditweaver tool as users get it: <c>dotnet tool install</c> from a local folder, then run by its command name.</summary>
public class ToolInstallTests : TempFixture
{
    [Test]
    public void InstalledToolScansAndWeaves()
    {
        var tools = Temp.File("tools");
        DotNetCli.Succeed(Temp.Path, "tool", "install", "AuditWeaver.Tool", "--tool-path", tools, "--add-source", PackageFeed.Current.Directory, "--version", PackageFeed.Current.Version);
        var auditweaver = Path.Combine(tools, "auditweaver");
        Assert.That(File.Exists(PackageFeed.Current.ToolPackagePath), Is.True);

        var scan = ProcessRunner.Run(auditweaver, new[] { "scan", Paths.DriftLibraryVersion2 });
        Assert.That(scan.ExitCode, Is.EqualTo(0), scan.ToString());
        Assert.That(scan.Output, Does.Contain("DriftLibrary.Store.Open calls M:System.Diagnostics.Process.Start(System.String,System.String) (process.start)"));

        var weave = ProcessRunner.Run(auditweaver, new[] { "weave", Paths.PackageUserOutput, "--out", Temp.File("woven") });
        Assert.That(weave.ExitCode, Is.EqualTo(0), weave.ToString());
        Assert.That(File.Exists(Temp.File("woven/AuditWeaver.dll")), Is.True, "the tool package carries the runtime it copies in");
    }
}
