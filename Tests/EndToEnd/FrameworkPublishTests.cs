using System;
using System.IO;
using AuditWeaver.Fody.Applications;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.EndToEnd;

/// <summary>
/// <c>&lt;AuditWeaver Framework="true"&gt;</c> on a self-contained ReadyToRun publish of a fresh app from the quick
/// start, against the packed package: the runtime pack's assemblies are woven, so framework code raises events with
/// its own methods as callers, and the SDK's own ReadyToRun step compiles the woven copies again.
/// </summary>
[NonParallelizable]
public class FrameworkPublishTests
{
    // XDocument.Load(path) opens the file inside System.Private.Xml: no call site of the app's own opens it.
    private const string Operations = """

        var document = Path.Combine(args[0], "doc.xml");
        using (var writer = new StreamWriter(document))
        {
            writer.Write("<root />");
        }

        Console.WriteLine("root: " + System.Xml.Linq.XDocument.Load(document).Root!.Name);
        """;

    [Test]
    public void FrameworkTrueWeavesTheRuntimePackAndReadyToRunCompilesTheWovenCopies()
    {
        using var app = ConsumerProject.Create(PackageFeed.Current, "net10.0");
        app.WriteWeaversFile(QuickStart.WeaversFile.Replace("<AuditWeaver />", "<AuditWeaver Framework=\"true\" />", StringComparison.Ordinal));
        app.WriteProgram(QuickStart.Program + Operations + Environment.NewLine);
        using var output = new TempDirectory();
        var publish = DotNetCli.Run(app.Directory, "publish", "-c", "Release", "-f", "net10.0", "-r", "linux-x64", "--self-contained", "-p:PublishReadyToRun=true", "-o", output.Path);
        Assert.That(publish.ExitCode, Is.EqualTo(0), publish.ToString());

        using var data = new TempDirectory();
        var run = ProcessRunner.Run(Path.Combine(output.Path, ConsumerProject.Name), [data.Path], data.Path);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Output, Does.Contain("root: root"));
        Assert.That(
            run.Output,
            Does.Match("file\\.open\\(path: \"" + System.Text.RegularExpressions.Regex.Escape(Path.Combine(data.Path, "doc.xml")) + "\"[^\\n]*caller=System\\.Xml\\."),
            "the framework's own file open, announced with its framework method as caller" + Environment.NewLine + run);

        // Woven and precompiled again: the copy the app runs carries the weave's marker and ReadyToRun code.
        var xml = AssemblyFacts.Read(Path.Combine(output.Path, "System.Private.Xml.dll"));
        Assert.That(xml.IsWoven, Is.True, "System.Private.Xml.dll in the publish folder is not woven");
        Assert.That(xml.IsReadyToRun, Is.True, "the woven System.Private.Xml.dll was not compiled by ReadyToRun");
        Assert.That(AssemblyFacts.Read(Path.Combine(output.Path, "System.Private.CoreLib.dll")).IsWoven, Is.False, "System.Private.CoreLib cannot be woven");
    }
}
