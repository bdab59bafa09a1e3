using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mono.Cecil;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Weaving;

/// <summary>The categories beyond file, process and network, and the indirect openers of the existing ones.</summary>
public class CoverageTests : TempFixture
{
    private readonly dynamic _coverage = Woven.Create("CoverageScenarios");

    [Test]
    public void EnvironmentChanges()
    {
        var name = "AW_TEST_" + Guid.NewGuid().ToString("N");
        Expect.Denied("environment.setenv", () => _coverage.SetVariable(name, "x"));
        Assert.That(Environment.GetEnvironmentVariable(name), Is.Null);
        Expect.Raises("environment.setenv", new object?[] { name, "x" }, () => _coverage.SetVariable(name, "x"));
        Assert.That(Environment.GetEnvironmentVariable(name), Is.EqualTo("x"));

        Expect.Raises("environment.switch", new object?[] { "AuditWeaver.Tests.Switch", true }, () => _coverage.SetSwitch("AuditWeaver.Tests.Switch", true));
        Expect.Raises("environment.appdata", new object?[] { "AuditWeaver.Tests.Data", 5 }, () => _coverage.SetData("AuditWeaver.Tests.Data", 5));

        var before = Environment.CurrentDirectory;
        Expect.Denied("environment.chdir", () => _coverage.ChangeDirectory(Temp.Path));
        Assert.That(Environment.CurrentDirectory, Is.EqualTo(before));
    }

    [Test]
    public void ExitIsAuditedAndDeniable()
    {
        var denied = Child.Run("exit", Woven.AssemblyPath, "deny");
        Assert.That(denied.ExitCode, Is.Zero, denied.ToString());
        Assert.That(denied.Output, Does.Contain("alive: Audit event 'environment.exit' was denied: not now"));

        var exited = Child.Run("exit", Woven.AssemblyPath);
        Assert.That(exited.ExitCode, Is.EqualTo(3), "with no hook the call behaves as before");
        Assert.That(exited.Output, Does.Not.Contain("alive"));
    }

    [Test]
    public void AssemblyLoads()
    {
        var path = WriteAssembly(Temp.Path, "LoadMe");
        var image = File.ReadAllBytes(path);
        Expect.Raises("assembly-load.bytes", new object?[] { image.Length }, () => _coverage.LoadBytes(image));
        Expect.Denied("assembly-load.bytes", () => _coverage.LoadBytes(image));

        var context = new AssemblyLoadContext("coverage", isCollectible: true);
        Assembly loaded = null!;
        Expect.Raises("assembly-load.file", new object?[] { path }, () => loaded = _coverage.LoadFromPath(context, path));
        Assert.That(loaded.Location, Is.EqualTo(path), "a load by path keeps its meaning: the location is the file");
        Expect.Raises("assembly-load.bytes", new object?[] { (long)image.Length }, () => _coverage.LoadFromStream(new AssemblyLoadContext("stream", isCollectible: true), new MemoryStream(image)));
        Expect.Raises("assembly-load.load", new object?[] { "System.Xml" }, () => _coverage.LoadByName("System.Xml"));
        Expect.Denied("assembly-load.load", () => _coverage.LoadByName("System.Xml"));
    }

    [Test]
    public void TheAssemblyVerifierSeesEveryLoadAndWhatItApprovedIsWhatLoadsExceptByPath()
    {
        WriteAssembly(Temp.Path, "Good");
        WriteAssembly(Temp.Path, "Bad");
        var run = Child.Run("verifier", Woven.AssemblyPath, Temp.Path);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(run.Output, Does.Contain("second verifier: An assembly verifier is already set; it can be set only once and never replaced."));
            Assert.That(run.Output, Does.Contain("path good: Good"));
            Assert.That(run.Output, Does.Contain("path bad: refused: The assembly verifier refused to load " + Path.Combine(Temp.Path, "Bad.dll") + " (M:System.Runtime.Loader.AssemblyLoadContext.LoadFromAssemblyPath(System.String))."));

            // The documented gap: a load by path reads the file again after the check, so a swap in between wins.
            Assert.That(run.Output, Does.Contain("path swapped: Bad"));

            // Closed gaps: streams and arrays are verified and loaded from the same private copy.
            Assert.That(run.Output, Does.Contain("bytes: Good"));
            Assert.That(run.Output, Does.Contain("array: Good"));
            Assert.That(run.Output, Does.Contain("request: M:System.Runtime.Loader.AssemblyLoadContext.LoadFromStream(System.IO.Stream) bytes:"));
            Assert.That(run.Output, Does.Contain("request: M:System.Reflection.Assembly.Load(System.Byte[]) bytes:"));
        });
    }

    [Test]
    public void CodeGeneratedAtRunTime()
    {
        using (var recorder = AuditRecorder.Start())
        {
            Type type = _coverage.EmitType("AwEmitted");
            Assert.That(type.FullName, Is.EqualTo("AwEmitted.Generated"));
            Assert.That(recorder.Events.Select(e => e.Name), Is.EqualTo(new[] { "reflection-emit.assembly", "reflection-emit.type", "reflection-emit.createtype" }));
            Assert.That(recorder.Single("reflection-emit.assembly").Arguments, Is.EqualTo(new object?[] { "AwEmitted", "Run" }));
            Assert.That(recorder.Single("reflection-emit.createtype").Arguments, Is.EqualTo(new object?[] { "AwEmitted.Generated" }));
        }

        int answer = 0;
        Expect.Raises("reflection-emit.dynamicmethod", new object?[] { "Answer" }, () => answer = _coverage.EmitMethod());
        Assert.That(answer, Is.EqualTo(42));
        Expect.Denied("reflection-emit.dynamicmethod", () => _coverage.EmitMethod());
    }

    [Test]
    public void XmlAndDataOpeners()
    {
        var xml = Temp.File("doc.xml");
        using (var recorder = AuditRecorder.Start())
        {
            Assert.That((string)_coverage.XmlRoundTrip(xml), Is.EqualTo("xmlroot"));
            Assert.That(recorder.Named("file.open").Select(e => e.Arguments[0] + " " + e.Arguments[2]), Is.EqualTo(new[] { xml + " Write", xml + " Read", xml + " Read" }));
        }

        Expect.Denied("file.open", () => _coverage.LinqToXml(Temp.File("denied.xml")));
        Assert.That(File.Exists(Temp.File("denied.xml")), Is.False);
        using (var recorder = AuditRecorder.Start())
        {
            Assert.That((string)_coverage.LinqToXml(Temp.File("linq.xml")), Is.EqualTo("linq"));
            Assert.That(recorder.Named("file.open"), Has.Count.EqualTo(2));
            Assert.That((int)_coverage.DataSetRoundTrip(Temp.File("data.xml")), Is.EqualTo(1));
            Assert.That(recorder.Named("file.open"), Has.Count.EqualTo(4));
        }
    }

    [Test]
    public void CertificatesMemoryMapsArchivesAndTempFiles()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=auditweaver", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
        var certificatePath = Temp.File("cert.cer");
        File.WriteAllBytes(certificatePath, certificate.Export(X509ContentType.Cert));
        string subject = null!;
        Expect.Raises("file.open", new object?[] { certificatePath, "Open", "Read" }, () => subject = _coverage.Certificate(certificatePath));
        Assert.That(subject, Is.EqualTo("CN=auditweaver"));

        var mapped = Temp.Write("map.bin", "0123456789");
        long capacity = 0;
        Expect.Raises("file.open", new object?[] { mapped, "Open", "ReadWrite" }, () => capacity = _coverage.MapFile(mapped));
        Assert.That(capacity, Is.GreaterThanOrEqualTo(10));

        var source = Directory.CreateDirectory(Path.Combine(Temp.Path, "src")).FullName;
        File.WriteAllText(Path.Combine(source, "inside.txt"), "tar");
        var archive = Temp.File("a.tar");
        var destination = Path.Combine(Temp.Path, "out");
        Directory.CreateDirectory(destination);
        using (var recorder = AuditRecorder.Start())
        {
            _coverage.Tar(source, archive, destination);
            Assert.That(recorder.Single("file.archive").Arguments, Is.EqualTo(new object?[] { source, archive }));
            Assert.That(recorder.Single("file.extract").Arguments, Is.EqualTo(new object?[] { archive, destination }));
        }

        Assert.That(File.ReadAllText(Path.Combine(destination, "inside.txt")), Is.EqualTo("tar"));

        string temporary = null!;
        Expect.Raises("file.open", new object?[] { Path.Combine(Path.GetTempPath(), "tmp*"), "CreateNew", "Write" }, () => temporary = _coverage.TempFile());
        File.Delete(temporary);
    }

    [Test]
    public void WebRequestAndWebClient()
    {
        using var server = new LoopbackServer(http: true);
        var uri = new Uri(server.BaseUri, "legacy");
        using (var recorder = AuditRecorder.Start())
        {
            Assert.That((string)_coverage.WebRequestGet(uri), Is.EqualTo("ok"));
            Assert.That(recorder.Events.Select(e => e.Name), Is.EqualTo(new[] { "network.webrequest", "network.request" }));
            Assert.That(recorder.Single("network.request").Arguments, Is.EqualTo(new object?[] { "GET", uri.ToString() }));
        }

        var file = Temp.File("downloaded.txt");
        using (var recorder = AuditRecorder.Start())
        {
            Assert.That((string)_coverage.WebClientDownload(uri, file), Is.EqualTo("ok"));
            Assert.That(recorder.Events.Select(e => e.Name), Is.EqualTo(new[] { "network.request", "file.open", "network.request" }));
            Assert.That(recorder.Single("file.open").Arguments, Is.EqualTo(new object?[] { file, "Create", "Write" }));
        }

        var accepted = server.Accepted;
        Expect.Denied("network.request", () => _coverage.WebRequestGet(uri));
        Assert.That(server.AcceptedAfterSettling(), Is.EqualTo(accepted));
    }

    // A minimal assembly with the given name, written to folder/name.dll.
    private static string WriteAssembly(string folder, string name)
    {
        var path = Path.Combine(folder, name + ".dll");
        using var assembly = AssemblyDefinition.CreateAssembly(new AssemblyNameDefinition(name, new Version(1, 0, 0, 0)), name, ModuleKind.Dll);
        assembly.Write(path);
        return path;
    }
}
