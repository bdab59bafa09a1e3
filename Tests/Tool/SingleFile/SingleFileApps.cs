using System;
using System.IO;
using NUnit.Framework;
using Tests.EndToEnd;
using Tests.Infrastructure;

namespace Tests.Tool.SingleFile;

/// <summary>
/// Fixtures/SingleFileApp published for linux-x64 as a single file in the three kinds users ship (framework-dependent,
/// self-contained, self-contained compressed), once per test run for every test of this namespace: publishing is most
/// of what these tests cost.
/// </summary>
[SetUpFixture]
public sealed class SingleFileApps
{
    internal const string FrameworkDependent = "framework-dependent";
    internal const string SelfContained = "self-contained";
    internal const string Compressed = "self-contained-compressed";

    private static TempDirectory? s_directory;

    internal static string[] Kinds { get; } = { FrameworkDependent, SelfContained, Compressed };

    /// <summary>The publish folder of one kind: the bundle and its PDB.</summary>
    internal static string Folder(string kind) => Path.Combine(s_directory?.Path ?? throw new InvalidOperationException("The apps are published by the SetUpFixture of Tests.Tool.SingleFile."), kind);

    /// <summary>The single-file app of one kind.</summary>
    internal static string Bundle(string kind) => Path.Combine(Folder(kind), "SingleFileApp");

    [OneTimeSetUp]
    public void Publish()
    {
        s_directory = new TempDirectory();

        // Published from a copy, so that its RID-specific restore does not touch the repository.
        var sources = Path.Combine(s_directory.Path, "src");
        Directory.CreateDirectory(sources);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Paths.RepositoryRoot, "Fixtures", "SingleFileApp")))
        {
            if (file.EndsWith(".cs", StringComparison.Ordinal) || file.EndsWith(".csproj", StringComparison.Ordinal))
            {
                File.Copy(file, Path.Combine(sources, Path.GetFileName(file)));
            }
        }

        foreach (var (kind, options) in new[]
        {
            (FrameworkDependent, new[] { "--self-contained", "false" }),
            (SelfContained, new[] { "--self-contained", "true" }),
            (Compressed, new[] { "--self-contained", "true", "-p:EnableCompressionInSingleFile=true" }),
        })
        {
            DotNetCli.Succeed(sources, ["publish", "-c", "Release", "-r", "linux-x64", "-p:PublishSingleFile=true", .. options, "-o", Folder(kind)]);
        }
    }

    [OneTimeTearDown]
    public void Delete() => s_directory?.Dispose();
}
