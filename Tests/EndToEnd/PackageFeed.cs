using System;
using System.IO;
using System.Linq;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.EndToEnd;

/// <summary>
/// Packs AuditWeaver.Fody once per test run into a temporary folder feed that every end-to-end test shares. The package
/// holds the binaries these tests were built with (<c>dotnet pack --no-build</c>, same configuration), under a version
/// no earlier run used: NuGet never replaces a version already in its global packages folder, so a reused version
/// would silently test an old package.
/// </summary>
[SetUpFixture]
public sealed class PackageFeed
{
    private static PackageFeed? s_current;
    private TempDirectory? _directory;

    internal static PackageFeed Current => s_current ?? throw new InvalidOperationException("The package feed is made by the SetUpFixture of Tests.EndToEnd.");

    internal string Directory => _directory!.Path;

    internal string Version { get; private set; } = string.Empty;

    internal string PackagePath => Path.Combine(Directory, "AuditWeaver.Fody." + Version + ".nupkg");

    internal string SymbolsPackagePath => Path.Combine(Directory, "AuditWeaver.Fody." + Version + ".snupkg");

    /// <summary>The auditweaver .NET tool, packed under the same version.</summary>
    internal string ToolPackagePath => Path.Combine(Directory, "AuditWeaver.Tool." + Version + ".nupkg");

    [OneTimeSetUp]
    public void Pack()
    {
        _directory = new TempDirectory();
        var suffix = "dev." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) + "." + Environment.ProcessId;
        DotNetCli.Succeed(
            Paths.RepositoryRoot,
            "pack", Path.Combine("AuditWeaver", "AuditWeaver.csproj"),
            "--no-build", "-c", Paths.Configuration, "-p:VersionSuffix=" + suffix, "-o", Directory);
        DotNetCli.Succeed(
            Paths.RepositoryRoot,
            "pack", Path.Combine("AuditWeaver.Tool", "AuditWeaver.Tool.csproj"),
            "--no-build", "-c", Paths.Configuration, "-p:VersionSuffix=" + suffix, "-o", Directory);
        var package = System.IO.Directory.GetFiles(Directory, "AuditWeaver.Fody.*.nupkg").Single();
        Version = Path.GetFileNameWithoutExtension(package).Substring("AuditWeaver.Fody.".Length);
        Assert.That(Version, Does.EndWith("-" + suffix));
        s_current = this;
    }

    [OneTimeTearDown]
    public void Delete()
    {
        _directory?.Dispose();
        if (Version.Length == 0)
        {
            return;
        }

        // Restores copied this one-off version into the global packages folder; it is of no use to anyone after the run.
        foreach (var id in new[] { "AuditWeaver.Fody", "AuditWeaver.Tool" })
        {
            var copy = NuGetCache.PackageFolder(id, Version);
            if (System.IO.Directory.Exists(copy))
            {
                System.IO.Directory.Delete(copy, recursive: true);
            }
        }
    }
}
