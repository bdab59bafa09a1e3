using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;
using NUnit.Framework;

namespace Tests.EndToEnd;

/// <summary>What the packed AuditWeaver.Fody contains and says about itself.</summary>
public class PackageTests
{
    [Test]
    public void PackageHasTheFodyAddInLayout()
    {
        using var package = ZipFile.OpenRead(PackageFeed.Current.PackagePath);
        var entries = package.Entries.Select(e => e.FullName).Where(n => !n.StartsWith("package/", StringComparison.Ordinal) && !n.StartsWith("_rels/", StringComparison.Ordinal) && n != "[Content_Types].xml");
        Assert.That(entries, Is.EquivalentTo(new[]
        {
            "AuditWeaver.Fody.nuspec",
            "README.md",
            "build/AuditWeaver.Fody.props",
            "build/AuditWeaver.Fody.targets",
            "lib/net8.0/AuditWeaver.dll",
            "lib/net8.0/AuditWeaver.xml",
            "lib/netstandard2.0/AuditWeaver.dll",
            "lib/netstandard2.0/AuditWeaver.xml",
            "tasks/netstandard2.0/AuditWeaver.MSBuild.dll",
            "tasks/netstandard2.0/AuditWeaver.Fody.dll",
            "tasks/netstandard2.0/FodyHelpers.dll",
            "tasks/netstandard2.0/Mono.Cecil.dll",
            "tasks/netstandard2.0/Mono.Cecil.Pdb.dll",
            "tasks/netstandard2.0/Mono.Cecil.Rocks.dll",
            "weaver/AuditWeaver.Fody.dll",
            "weaver/AuditWeaver.Fody.xcf",
        }));

        var props = XDocument.Parse(Read(package, "build/AuditWeaver.Fody.props"));
        Assert.That(props.Descendants("WeaverFiles").Single().Attribute("Include")!.Value, Is.EqualTo("$(MSBuildThisFileDirectory)..\\weaver\\$(MSBuildThisFileName).dll"));
        Assert.That(XDocument.Parse(Read(package, "weaver/AuditWeaver.Fody.xcf")).Root!.Name, Is.EqualTo(XName.Get("complexType", "http://www.w3.org/2001/XMLSchema")));
    }

    [Test]
    public void PackageDescribesItselfAndDependsOnFodyForItsConsumers()
    {
        using var package = ZipFile.OpenRead(PackageFeed.Current.PackagePath);
        var metadata = XDocument.Parse(Read(package, "AuditWeaver.Fody.nuspec")).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Field(string name) => metadata.Elements().Single(e => e.Name.LocalName == name).Value;
        XElement Element(string name) => metadata.Elements().Single(e => e.Name.LocalName == name);

        Assert.Multiple(() =>
        {
            Assert.That(Field("id"), Is.EqualTo("AuditWeaver.Fody"));
            Assert.That(Field("version"), Is.EqualTo(PackageFeed.Current.Version));
            Assert.That(Field("description"), Does.Contain("audit"));
            Assert.That(Field("readme"), Is.EqualTo("README.md"));
            Assert.That(Field("tags").Split(' '), Does.Contain("Fody").And.Contain("ILWeaving"));
            Assert.That(Element("license").Attribute("type")!.Value, Is.EqualTo("expression"));
            Assert.That(Element("repository").Attribute("url")!.Value, Does.StartWith("https://"));
            Assert.That(Element("repository").Attribute("commit")?.Value, Has.Length.EqualTo(40), "Source Link records the commit");

            // Fody's build assets must reach the consumer (include="All"), or referencing the package would not weave.
            var dependencies = Element("dependencies").Descendants().Where(e => e.Name.LocalName == "dependency").ToList();
            Assert.That(dependencies.Select(d => d.Attribute("id")!.Value).Distinct(), Is.EqualTo(new[] { "Fody" }));
            Assert.That(dependencies.Select(d => d.Attribute("include")?.Value), Is.All.EqualTo("All"));
        });
    }

    [Test]
    public void SymbolsPackageHoldsTheRuntimePdbs()
    {
        using var symbols = ZipFile.OpenRead(PackageFeed.Current.SymbolsPackagePath);
        Assert.That(symbols.Entries.Select(e => e.FullName).Where(n => n.EndsWith(".pdb", StringComparison.Ordinal)), Is.EquivalentTo(new[]
        {
            "lib/net8.0/AuditWeaver.pdb",
            "lib/netstandard2.0/AuditWeaver.pdb",
        }));
    }

    [Test]
    public void PackageReadmeShowsTheQuickStartsWeaversFileAndHooks()
    {
        using var package = ZipFile.OpenRead(PackageFeed.Current.PackagePath);
        var blocks = QuickStart.Blocks(Read(package, "README.md")).Select(b => b.Text).ToList();
        Assert.That(blocks, Does.Contain(QuickStart.WeaversFile).And.Contain(QuickStart.Program));
    }

    [Test]
    public void QuickStartCommandsAreTheStepsTheEndToEndTestsTake()
    {
        // PackageFeed packs the same project (with --no-build and a prerelease suffix); ConsumerProject creates the
        // app, adds the package (with --version, for that suffix), and builds and runs it (with --no-restore, -c, -f).
        Assert.That(QuickStart.Commands, Is.EqualTo(new[]
        {
            "dotnet pack AuditWeaver -c Release -o feed",
            "dotnet new console -o " + ConsumerProject.Name,
            "cd " + ConsumerProject.Name,
            "dotnet add package AuditWeaver.Fody",
            "dotnet build",
            "dotnet run",
        }));
    }

    private static string Read(ZipArchive package, string name)
    {
        using var reader = new StreamReader(package.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }
}
