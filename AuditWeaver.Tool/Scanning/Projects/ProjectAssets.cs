using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using AuditWeaver.Tool.CommandLine;

namespace AuditWeaver.Tool.Scanning;

/// <summary>
/// A runtime assembly of a package, as a restore resolved it. <paramref name="Runtime"/>: the runtime identifier of a
/// runtimes/&lt;rid&gt;/lib item. <paramref name="Via"/>: the dependencies through which the project gets the package,
/// outermost first (empty: the project references it itself; null: the restore does not say). <paramref name="Target"/>:
/// the restore's target it was read for (<c>net10.0</c>, <c>net10.0/linux-x64</c>).
/// </summary>
internal sealed record PackageAssembly(string Package, string Version, string Item, string FullPath, string? Runtime = null, IReadOnlyList<Dependency>? Via = null, string Target = "")
{
    /// <summary><c>package Acme.Drift 1.0.0: lib/net10.0/DriftLibrary.dll, via project Acme.Lib</c>.</summary>
    internal string Describe() => "package " + Package + " " + Version + ": " + Item + (Via is { Count: > 0 } ? ", via " + string.Join(" -> ", Via) : string.Empty);
}

/// <summary>A project the restored one references: its packages are in the closure, its code is not built, so not scanned.</summary>
internal sealed record ReferencedProject(string Name, string Path, IReadOnlyList<Dependency>? Via);

/// <summary>What one target of a restore copies from packages, the shared frameworks it runs on, and the projects it references.</summary>
internal sealed record AssetsTarget(ChosenTarget Chosen, IReadOnlyList<PackageAssembly> Assemblies, IReadOnlyList<string> FrameworkReferences, IReadOnlyList<ReferencedProject> ProjectReferences)
{
    internal string Name => Chosen.Key;
}

/// <summary>A project's restore: the assets file, the project it was made for, the targets chosen to scan.</summary>
internal sealed record RestoredProject(string AssetsPath, string? ProjectPath, IReadOnlyList<AssetsTarget> Targets);

/// <summary>
/// A project's restore (obj/project.assets.json), read without building: the targets <see cref="AssetsTargetChoice"/>
/// picks, each read by <see cref="AssetsTargetReader"/>. Whatever is wrong with the file is one line naming it and what
/// is wrong, with the restore that would fix it.
/// </summary>
internal static class ProjectAssets
{
    private const string AssetsFileName = "project.assets.json";

    internal static bool Handles(string input) =>
        File.Exists(input) && (IsAssetsFile(input) || Path.GetExtension(input).ToLowerInvariant() is ".csproj" or ".fsproj" or ".vbproj");

    /// <summary>The assets file of <paramref name="input"/> (a project file or the assets file itself); a usage error saying to restore when there is none.</summary>
    internal static string Locate(string input)
    {
        var full = Path.GetFullPath(input);
        if (IsAssetsFile(full))
        {
            return full;
        }

        var assets = Path.Combine(Path.GetDirectoryName(full)!, "obj", AssetsFileName);
        return File.Exists(assets)
            ? assets
            : throw new UsageException(input + ": the project has not been restored (no " + assets + "); run `dotnet restore " + input + "` first, then scan again"
                + " (a project that writes its restore elsewhere, with artifacts output or its own BaseIntermediateOutputPath: scan that project.assets.json).");
    }

    internal static RestoredProject Read(string assetsPath, string input, string? targetFramework, string? runtime)
    {
        var project = IsAssetsFile(input) ? null : Path.GetFullPath(input);
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(assetsPath), new JsonDocumentOptions { MaxDepth = 256 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Bad(assetsPath, project, "it is not a JSON object");
            }

            var file = new AssetsFile(assetsPath, root);
            if (project != null && file.Project != null && !SameFile(project, file.Project))
            {
                throw new UsageException(input + ": " + assetsPath + " is the restore of " + file.Project + ", not of this project (projects that share a folder share obj/ and overwrite"
                    + " each other's restore; or obj/ was copied from elsewhere); run `dotnet restore " + input + "`, then scan right after it.");
            }

            // Scanning what a failed restore got would leave out, silently, the packages it could not get.
            if (file.RestoreErrors is { Count: > 0 } errors)
            {
                throw new UsageException(assetsPath + ": the restore failed (" + string.Join(" ", errors[0].Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    + (errors.Count > 1 ? "; and " + (errors.Count - 1) + " more errors" : string.Empty) + "); fix the project and run " + Restore(file.Project ?? project) + " again.");
            }

            var chosen = AssetsTargetChoice.Choose(file.TargetKeys, file.AliasesOf, targetFramework, runtime, assetsPath, file.Project ?? project);
            return new RestoredProject(assetsPath, file.Project ?? project, chosen.Select(c => AssetsTargetReader.Read(file, c)).ToList());
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new UsageException(assetsPath + ": cannot be read (" + exception.Message.TrimEnd('.') + ").");
        }
        catch (JsonException exception)
        {
            throw Bad(assetsPath, project, "not JSON: " + exception.Message.TrimEnd('.'));
        }
        catch (InvalidDataException exception)
        {
            throw Bad(assetsPath, project, exception.Message);
        }
    }

    /// <summary>The restore to advise: <c>`dotnet restore App.csproj -r linux-x64`</c>, or, when the project is not known, on "its project".</summary>
    internal static string Restore(string? project, string arguments = "") =>
        project == null
            ? "`dotnet restore" + (arguments.Length == 0 ? string.Empty : " " + arguments) + "` on its project"
            : "`dotnet restore " + project + (arguments.Length == 0 ? string.Empty : " " + arguments) + "`";

    private static bool IsAssetsFile(string path) => Path.GetFileName(path).Equals(AssetsFileName, StringComparison.OrdinalIgnoreCase);

    // The restore records the project's full path; links on the way (a checkout reached through a symbolic link) lead to the same file.
    private static bool SameFile(string project, string recorded) =>
        string.Equals(project, recorded, StringComparison.Ordinal) || string.Equals(RealPath(project), RealPath(recorded), StringComparison.Ordinal);

    private static string RealPath(string path)
    {
        var parent = Path.GetDirectoryName(path);
        var here = parent == null ? path : Path.Combine(RealPath(parent), Path.GetFileName(path));
        var info = new FileInfo(here);
        return (info.Exists || Directory.Exists(here)) && info.LinkTarget != null ? info.ResolveLinkTarget(returnFinalTarget: true)!.FullName : here;
    }

    private static UsageException Bad(string assetsPath, string? project, string what) =>
        new(assetsPath + " is not a restore's assets file (" + what + "); run " + Restore(project) + " to write it again.");
}
