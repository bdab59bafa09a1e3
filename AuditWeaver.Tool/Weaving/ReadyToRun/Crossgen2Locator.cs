using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace AuditWeaver.Tool.Weaving.ReadyToRun;

/// <summary>
/// Finds crossgen2, the compiler the SDK's PublishReadyToRun runs: the package Microsoft.NETCore.App.Crossgen2.&lt;rid&gt;
/// of the app's runtime version, for the machine the tool runs on, in the NuGet global packages folder (NUGET_PACKAGES,
/// else ~/.nuget/packages), where a ReadyToRun publish has usually left it. When it is not there it is restored on
/// demand: <c>dotnet restore</c> of a throwaway project that only downloads the package, under the user's NuGet
/// configuration (the nearest nuget.config above the input, else the user's and the machine's). AUDITWEAVER_CROSSGEN2
/// names a crossgen2 executable to use instead.
/// </summary>
internal static class Crossgen2Locator
{
    internal const string PathVariable = "AUDITWEAVER_CROSSGEN2";

    private static readonly TimeSpan s_restoreTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The package id for this machine, e.g. Microsoft.NETCore.App.Crossgen2.linux-x64.</summary>
    internal static string PackageId => "Microsoft.NETCore.App.Crossgen2." + RuntimeInformation.RuntimeIdentifier;

    /// <summary>The crossgen2 executable for <paramref name="version"/>, or why there is none.</summary>
    internal static (string? Path, string? Problem) Find(string version, string inputFolder)
    {
        if (Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? (configured, null) : (null, PathVariable + " names " + configured + ", which does not exist");
        }

        var executable = InPackagesFolder(version);
        if (File.Exists(executable))
        {
            return (executable, null);
        }

        var problem = Restore(version, inputFolder);
        return File.Exists(executable) ? (executable, null) : (null, problem ?? "the restore did not leave " + executable);
    }

    private static string PackagesFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } folder
            ? folder
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static string InPackagesFolder(string version) =>
        Path.Combine(PackagesFolder(), PackageId.ToLowerInvariant(), version.ToLowerInvariant(), "tools", OperatingSystem.IsWindows() ? "crossgen2.exe" : "crossgen2");

    // A project with nothing to build whose restore downloads exactly the package into the global packages folder.
    private static string? Restore(string version, string inputFolder)
    {
        var folder = Path.Combine(Path.GetTempPath(), "auditweaver-crossgen2-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var project = Path.Combine(folder, "restore.csproj");
            File.WriteAllText(project,
                "<Project Sdk=\"Microsoft.NET.Sdk\">\n" +
                "  <PropertyGroup><TargetFramework>netstandard2.0</TargetFramework><DisableImplicitFrameworkReferences>true</DisableImplicitFrameworkReferences></PropertyGroup>\n" +
                "  <ItemGroup><PackageDownload Include=\"" + PackageId + "\" Version=\"[" + version + "]\" /></ItemGroup>\n" +
                "</Project>\n");
            var arguments = new List<string> { "restore", project, "--verbosity", "quiet" };
            if (NuGetConfigAbove(inputFolder) is { } config)
            {
                arguments.AddRange(new[] { "--configfile", config });
            }

            return Run(arguments, folder);
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A temporary folder left behind costs nothing worth failing the weave for.
            }
        }
    }

    private static string? NuGetConfigAbove(string folder)
    {
        for (var directory = new DirectoryInfo(Path.GetFullPath(folder)); directory != null; directory = directory.Parent)
        {
            var config = directory.EnumerateFiles().FirstOrDefault(f => f.Name.Equals("nuget.config", StringComparison.OrdinalIgnoreCase));
            if (config != null)
            {
                return config.FullName;
            }
        }

        return null;
    }

    private static string? Run(IEnumerable<string> arguments, string folder)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        try
        {
            var (exitCode, output) = ChildProcess.Run(dotnet, arguments, s_restoreTimeout, folder);
            return exitCode switch
            {
                null => "dotnet restore of " + PackageId + " did not finish in " + s_restoreTimeout.TotalMinutes + " minutes",
                0 => null,
                _ => "dotnet restore of " + PackageId + " failed: " + FirstError(output),
            };
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            return "dotnet could not be started to restore " + PackageId + ": " + exception.Message;
        }
    }

    internal static string FirstError(string text) =>
        text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)) ?? text.Trim().Split('\n').LastOrDefault()?.Trim() ?? "no output";
}
