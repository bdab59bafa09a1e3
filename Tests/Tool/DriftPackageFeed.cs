using System.IO;
using System.IO.Compression;
using Tests.Infrastructure;

namespace Tests.Tool;

/// <summary>
/// The package Acme.Drift (Fixtures/DriftLibrary: version 1 writes files, version 2 also starts a process) packed into a
/// local feed the way dotnet pack lays it out, and projects restored from that feed alone into a private packages
/// folder, offline: what the project scan reads.
/// </summary>
internal sealed class DriftPackageFeed
{
    private readonly TempDirectory _temp;

    internal DriftPackageFeed(TempDirectory temp)
    {
        _temp = temp;
        Feed = Directory.CreateDirectory(temp.File("feed")).FullName;
        Config = temp.Write("NuGet.config", "<configuration><packageSources><clear /><add key='local' value='" + Feed + "' /></packageSources></configuration>");
    }

    /// <summary>DriftLibrary version 1.0.1.0: it writes a file.</summary>
    internal static string Version1 => Path.Combine(Path.GetDirectoryName(Paths.DriftLibraryVersion2)!.Replace("/v2/", "/v1/", System.StringComparison.Ordinal), "DriftLibrary.dll");

    /// <summary>DriftLibrary version 1.0.2.0: it also starts a process.</summary>
    internal static string Version2 => Paths.DriftLibraryVersion2;

    internal string Feed { get; }

    internal string Config { get; }

    /// <summary>The private packages folder every project restores into.</summary>
    internal string Packages => _temp.File("packages");

    /// <summary>Packs Acme.Drift <paramref name="version"/> with each assembly at its path in the package (lib/net10.0/DriftLibrary.dll...).</summary>
    internal void Pack(string version, params (string Entry, string Assembly)[] files)
    {
        using var package = ZipFile.Open(Path.Combine(Feed, "Acme.Drift." + version + ".nupkg"), ZipArchiveMode.Create);
        using (var nuspec = new StreamWriter(package.CreateEntry("Acme.Drift.nuspec").Open()))
        {
            nuspec.Write("<?xml version=\"1.0\"?><package xmlns=\"http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd\"><metadata><id>Acme.Drift</id><version>" + version
                + "</version><authors>tests</authors><description>A helper library that gains a capability.</description></metadata></package>");
        }

        foreach (var (entry, assembly) in files)
        {
            package.CreateEntryFromFile(assembly, entry);
        }
    }

    /// <summary>Acme.Drift 1.0.0 (DriftLibrary 1.0.1.0, which writes a file) and 1.1.0 (1.0.2.0, which also starts a process), in lib/net10.0.</summary>
    internal void PackBothVersions()
    {
        Pack("1.0.0", ("lib/net10.0/DriftLibrary.dll", Version1));
        Pack("1.1.0", ("lib/net10.0/DriftLibrary.dll", Version2));
    }

    /// <summary>Consumer.csproj, referencing Acme.Drift <paramref name="version"/> (packed already), restored.</summary>
    internal string RestoredConsumer(string version = "1.0.0")
    {
        var project = Project("Consumer.csproj", Drift(version));
        Restore(project);
        return project;
    }

    /// <summary>
    /// Writes a project (<paramref name="relativePath"/> below the temporary folder) for net10.0 with
    /// <paramref name="properties"/> and <paramref name="items"/> (MSBuild XML), restoring into <see cref="Packages"/>.
    /// </summary>
    internal string Project(string relativePath, string items, string properties = "")
    {
        var path = _temp.File(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net10.0</TargetFramework><RestorePackagesPath>" + Packages
            + "</RestorePackagesPath>" + properties + "</PropertyGroup><ItemGroup>" + items + "</ItemGroup></Project>");
        return path;
    }

    /// <summary>A PackageReference to Acme.Drift <paramref name="version"/>.</summary>
    internal static string Drift(string version) => "<PackageReference Include=\"Acme.Drift\" Version=\"" + version + "\" />";

    internal void Restore(string project) => DotNetCli.Succeed(Path.GetDirectoryName(project)!, "restore", project, "--configfile", Config);
}
