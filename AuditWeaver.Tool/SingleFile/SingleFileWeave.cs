using System;
using System.IO;
using System.Linq;
using AuditWeaver.Tool.CommandLine;
using AuditWeaver.Tool.Weaving;

namespace AuditWeaver.Tool.SingleFile;

/// <summary>
/// <c>auditweaver weave</c> for a single-file app: the bundle is extracted into a private folder, that folder is woven as
/// any application folder is (so the runtime is added and registered in the bundled deps.json), and the woven files are
/// bundled again into one file with its own bundle ID, written whole or not at all, executable as the input was.
/// </summary>
internal static class SingleFileWeave
{
    /// <summary>Whether <paramref name="input"/> is a single-file app, which <see cref="Run"/> weaves.</summary>
    internal static bool Handles(string input) => File.Exists(input) && SingleFileBundle.IsBundle(input);

    /// <summary>
    /// Whether a file found in an application folder is a single-file app. Only files named as apphosts are (no extension
    /// on Linux and macOS, .exe on Windows): reading every assembly and native library through would cost the folder's size.
    /// </summary>
    internal static bool IsBundleInFolder(string path)
    {
        var extension = Path.GetExtension(path);
        return (extension.Length == 0 || extension.Equals(".exe", StringComparison.OrdinalIgnoreCase)) && SingleFileBundle.IsBundle(path);
    }

    /// <summary>Weaves the single-file app <see cref="WeaveRequest.Input"/> into --out, or in place.</summary>
    internal static int Run(WeaveRequest request, TextWriter output, TextWriter error)
    {
        var input = Path.GetFullPath(request.Input);
        return Weave(input, Target(request, input), request, output, error) ? ToolCommandLine.Done : ToolCommandLine.Failed;
    }

    /// <summary>
    /// Weaves the bundle at <paramref name="bundlePath"/> into <paramref name="target"/> under the request's configuration
    /// and key; false, with one line on <paramref name="error"/> saying why, when it could not be (nothing is written).
    /// </summary>
    internal static bool Weave(string bundlePath, string target, WeaveRequest request, TextWriter output, TextWriter error)
    {
        var work = TemporaryFolder.Create();
        var extracted = Path.Combine(work, "bundle");
        var woven = Path.Combine(work, "woven");
        try
        {
            var bundle = SingleFileBundle.Open(bundlePath);
            BundleExtractor.Extract(bundle, extracted);
            output.WriteLine("single-file app " + bundlePath + ": " + Describe(bundle) + "; weaving the assemblies it bundles:");
            if (WeaveCommand.Run(request with { Input = extracted, Out = woven, InPlace = false }, output, error) != ToolCommandLine.Done)
            {
                error.WriteLine("error: " + bundlePath + ": not bundled again, because what it bundles did not all weave (above); nothing was written for it.");
                return false;
            }

            BundleManifest? written = null;
            var failure = WriteAttempt.Run(
                () => AtomicFile.Write(target, temporary =>
                {
                    written = BundleWriter.Write(bundle, extracted, woven, temporary);
                    if (!OperatingSystem.IsWindows())
                    {
                        File.SetUnixFileMode(temporary, File.GetUnixFileMode(bundlePath));
                    }
                }),
                target,
                "could not be written to " + target);
            if (failure != null)
            {
                error.WriteLine("error: " + bundlePath + ": " + failure);
                return false;
            }

            var added = written!.Entries.Skip(bundle.Manifest.Entries.Count).Select(e => e.RelativePath).ToList();
            output.WriteLine("single-file app: wrote " + target + ": " + written.Entries.Count + " files" + (added.Count == 0 ? string.Empty : " (added " + string.Join(", ", added) + ")")
                + ", bundle ID " + written.BundleId + " (was " + bundle.Manifest.BundleId + ")");
            return true;
        }
        catch (BundleFormatException exception)
        {
            error.WriteLine("error: " + bundlePath + ": " + exception.Message);
            return false;
        }
        finally
        {
            TemporaryFolder.Delete(work);
        }
    }

    private static string Target(WeaveRequest request, string input)
    {
        if (request.InPlace)
        {
            return request.Out == null ? input : throw new UsageException("--in-place and --out exclude each other: --in-place rewrites the input itself.");
        }

        if (request.Out == null)
        {
            throw new UsageException("weave needs --out <folder> (or --in-place to rewrite the input).");
        }

        var folder = Path.GetFullPath(request.Out);
        if (File.Exists(folder))
        {
            throw new UsageException("--out " + request.Out + " is a file; it must be a folder.");
        }

        if (Path.GetRelativePath(Path.GetDirectoryName(input)!, folder) == ".")
        {
            throw new UsageException("--out " + request.Out + " is the folder the single-file app is in, which would overwrite the input; choose another folder, or use --in-place.");
        }

        return Path.Combine(folder, Path.GetFileName(input));
    }

    internal static string Describe(SingleFileBundle bundle) =>
        "bundle " + bundle.Manifest.MajorVersion + "." + bundle.Manifest.MinorVersion + ", " + bundle.Manifest.Entries.Count + " files, "
        + (bundle.IsSelfContained ? "self-contained" : "framework-dependent") + (bundle.IsCompressed ? ", compressed" : string.Empty);
}
