using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.EndToEnd;

/// <summary>
/// A console app made in a temporary folder the way the README's quick start says: <c>dotnet new console</c>, a
/// NuGet.config naming the package feed, <c>dotnet add package AuditWeaver.Fody</c>, the quick start's FodyWeavers.xml
/// and hooks, then a few operations for the tests to observe.
/// </summary>
internal sealed class ConsumerProject : IDisposable
{
    internal const string Name = "MyApp";

    // Appended to the quick start's hooks: one audited write, then a delete that the quick start's second hook refuses.
    private const string Operations = """

        var path = Path.Combine(args[0], "kept.txt");
        File.WriteAllText(path, "written by a woven program");
        try
        {
            File.Delete(path);
        }
        catch (AuditDeniedException denied)
        {
            Console.WriteLine("denied: " + denied.Message);
        }
        """;

    private readonly TempDirectory _root;

    private ConsumerProject(TempDirectory root)
    {
        _root = root;
    }

    internal string Directory => Path.Combine(_root.Path, Name);

    internal string ProgramPath => Path.Combine(Directory, "Program.cs");

    /// <summary>The line of the audited write in Program.cs, which its event must report.</summary>
    internal int AuditedWriteLine { get; private set; }

    /// <summary>
    /// Makes the app for <paramref name="targetFrameworks"/> (semicolon-separated) with extra MSBuild
    /// <paramref name="properties"/>, and restores it.
    /// </summary>
    internal static ConsumerProject Create(PackageFeed feed, string targetFrameworks, IReadOnlyDictionary<string, string>? properties = null, IReadOnlyDictionary<string, string>? packages = null)
    {
        var project = new ConsumerProject(new TempDirectory());
        try
        {
            project._root.Write("NuGet.config", new XDocument(
                new XElement("configuration",
                    new XElement("packageSources",
                        new XElement("add", new XAttribute("key", "auditweaver"), new XAttribute("value", feed.Directory))))).ToString());

            // Restored once, by `dotnet add package`, after the project file has its final shape.
            DotNetCli.Succeed(project._root.Path, "new", "console", "-o", Name, "--no-restore");
            project.EditProjectFile(targetFrameworks, properties ?? new Dictionary<string, string>(), packages ?? new Dictionary<string, string>());
            DotNetCli.Succeed(project.Directory, "add", "package", "AuditWeaver.Fody", "--version", feed.Version);

            project.WriteWeaversFile(QuickStart.WeaversFile);
            var program = QuickStart.Program + Operations + Environment.NewLine;
            File.WriteAllText(project.ProgramPath, program);
            project.AuditedWriteLine = program.Split('\n').ToList().FindIndex(l => l.Contains("File.WriteAllText", StringComparison.Ordinal)) + 1;
        }
        catch
        {
            project.Dispose();
            throw;
        }

        return project;
    }

    /// <summary>Replaces Program.cs (the quick start's hooks stay the caller's to include).</summary>
    internal void WriteProgram(string text) => File.WriteAllText(ProgramPath, text);

    internal void WriteWeaversFile(string text) => File.WriteAllText(Path.Combine(Directory, "FodyWeavers.xml"), text);

    internal string PathOf(string name) => Path.Combine(Directory, name);

    /// <summary><c>dotnet build</c> (already restored).</summary>
    internal ProcessResult Build(string configuration, params string[] arguments) => DotNetCli.Run(Directory, new[] { "build", "--no-restore", "-c", configuration }.Concat(arguments).ToArray());

    /// <summary><c>dotnet run</c> of the built app for one framework, with <paramref name="dataDirectory"/> as its argument.</summary>
    internal ProcessResult Run(string configuration, string framework, string dataDirectory)
    {
        // Only the current runtime is installed: an app for an older framework runs on it by rolling forward.
        var current = "net" + Environment.Version.Major + ".0";
        var environment = new Dictionary<string, string?> { ["DOTNET_ROLL_FORWARD"] = framework == current ? null : "Major" };
        return DotNetCli.Run(Directory, environment, "run", "--no-build", "-c", configuration, "-f", framework, "--", dataDirectory);
    }

    /// <summary>The assembly the compiler wrote and Fody rewrote in place.</summary>
    internal string IntermediateAssembly(string configuration, string framework) => Path.Combine(Directory, "obj", configuration, framework, Name + ".dll");

    /// <summary>The assembly the build copied to the output folder.</summary>
    internal string OutputAssembly(string configuration, string framework) => Path.Combine(Directory, "bin", configuration, framework, Name + ".dll");

    public void Dispose() => _root.Dispose();

    private void EditProjectFile(string targetFrameworks, IReadOnlyDictionary<string, string> properties, IReadOnlyDictionary<string, string> packages)
    {
        var path = Path.Combine(Directory, Name + ".csproj");
        var document = XDocument.Load(path);
        var targetFramework = document.Descendants("TargetFramework").Single();
        var group = targetFramework.Parent!;
        targetFramework.ReplaceWith(new XElement("TargetFrameworks", targetFrameworks));
        foreach (var (name, value) in properties)
        {
            group.Add(new XElement(name, value));
        }

        Assert.That(document.Descendants("PackageReference"), Is.Empty, "the template references no package of its own");
        if (packages.Count > 0)
        {
            document.Root!.Add(new XElement("ItemGroup", packages.Select(p => new XElement("PackageReference", new XAttribute("Include", p.Key), new XAttribute("Version", p.Value)))));
        }

        document.Save(path);
    }
}
