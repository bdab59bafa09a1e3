using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Linq;
using AuditWeaver.Fody.Engine;
using AuditWeaver.Tool.CommandLine;
using AuditWeaver.Tool.Inputs;
using AuditWeaver.Tool.Output;
using AuditWeaver.Tool.Processing;
using AuditWeaver.Tool.SingleFile;

namespace AuditWeaver.Tool.Weaving;

/// <summary>What <c>auditweaver weave</c> was asked to do.</summary>
internal sealed record WeaveRequest(string Input, string? Out, bool InPlace, string? Config, string? Key, IReadOnlyList<string> References, bool Verbose = false);

/// <summary>
/// <c>auditweaver weave</c>: weaves one assembly, or every assembly of an application folder, into --out (or in place),
/// leaving the input untouched and never a half-written file; a woven folder gets the runtime and runs.
/// </summary>
internal static class WeaveCommand
{
    internal static int Run(WeaveRequest request, TextWriter output, TextWriter error)
    {
        // A single-file app is unpacked, woven as a folder and bundled again (SingleFile/).
        if (SingleFileWeave.Handles(request.Input))
        {
            return SingleFileWeave.Run(request, output, error);
        }

        var inputs = ToolInput.Open(request.Input);
        var destination = Destination(request, inputs);
        var configuration = ConfigurationFile.Load(request.Config, error);
        configuration.Options.Mode = WeaveMode.Audit;
        StrongNameKeyFile? key = null;
        if (request.Key != null)
        {
            key = StrongNameKeyFile.Read(request.Key, out var keyError) ?? throw new UsageException(keyError!);
        }

        using var resolver = ToolInput.Resolver(inputs, request.References);

        // Whether the app needs the runtime is only known once it is woven, and by then an in-place weave has replaced the
        // input's assemblies: so what could stop the runtime from being deployed is checked first, and a folder it could
        // not be deployed into is not woven at all (into --out neither: the same input gets the same answer).
        RuntimeDeployment? deployment = null;
        if (inputs.IsFolder && !TryPrepare(inputs, destination, error, out deployment))
        {
            return ToolCommandLine.Failed;
        }

        ToolInput.Warn(inputs, error);
        var progress = new Progress(output, error, inputs.Assemblies.Count());
        var outcomes = new List<ProcessedAssembly>();
        var notCopied = new List<InputFile>();
        var bundlesWoven = 0;
        var bundlesFailed = false;
        foreach (var file in inputs.Files)
        {
            var target = Path.Combine(destination, file.RelativePath);

            // A single-file app in the folder is woven on its own, with a summary of its own (SingleFile/).
            if (SingleFileWeave.IsBundleInFolder(file.FullPath))
            {
                bundlesWoven++;
                bundlesFailed |= !SingleFileWeave.Weave(file.FullPath, target, request, output, error);
                continue;
            }

            if (!file.IsAssemblyCandidate)
            {
                if (WriteAttempt.Run(() => CopyUnlessInPlace(file, target, request.InPlace), target, "could not be copied to " + target) is { } copyFailure)
                {
                    notCopied.Add(file);
                    progress.ReportError(file, copyFailure);
                }

                continue;
            }

            ProcessedAssembly processed;
            ProcessedAssembly? read = null;
            string? failure;
            try
            {
                processed = read = AssemblyPipeline.Process(file, configuration, resolver);
                failure = WriteAttempt.Run(() => Write(read, target, key, inputs.IsFolder, request.InPlace), target, "could not be written to " + target);
                if (failure != null)
                {
                    processed = new ProcessedAssembly(file, AssemblyStatus.Failed, new[] { failure });
                }
            }
            catch (Exception exception) when (exception is not UsageException)
            {
                // The input passed validation (or the failure would be its damage, said in words): this is ours.
                processed = InternalError.Fail(file, exception, InternalError.Verbose(request.Verbose), error);
            }
            finally
            {
                read?.Module?.Dispose();
            }

            outcomes.Add(processed);
            progress.Report(processed, "woven");
        }

        var deploymentFailed = false;
        if (deployment != null && outcomes.Any(o => o.Status == AssemblyStatus.Processed && o.Result!.Sites.Count > 0))
        {
            deploymentFailed = !Deploy(deployment, output, error);
        }

        if (outcomes.Count > 0 || notCopied.Count > 0 || bundlesWoven == 0)
        {
            Summary.Write(output, outcomes, notCopied, "woven");
        }

        return outcomes.Any(o => o.Status == AssemblyStatus.Failed) || notCopied.Count > 0 || deploymentFailed || bundlesFailed ? 1 : 0;
    }

    private static string Destination(WeaveRequest request, InputSet inputs)
    {
        if (request.InPlace)
        {
            if (request.Out != null)
            {
                throw new UsageException("--in-place and --out exclude each other: --in-place rewrites the input itself.");
            }

            return inputs.Root;
        }

        if (request.Out == null)
        {
            throw new UsageException("weave needs --out <folder> (or --in-place to rewrite the input).");
        }

        var destination = Path.GetFullPath(request.Out);
        var relative = Path.GetRelativePath(inputs.Root, destination);
        if (inputs.IsFolder && (relative == "." || (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative))))
        {
            throw new UsageException("--out " + request.Out + " is " + (relative == "." ? "the input folder itself" : "inside the input folder") + "; choose a folder outside it, or use --in-place.");
        }

        if (!inputs.IsFolder && relative == ".")
        {
            throw new UsageException("--out " + request.Out + " is the folder the assembly is in, which would overwrite the input; choose another folder, or use --in-place.");
        }

        if (File.Exists(destination))
        {
            throw new UsageException("--out " + request.Out + " is a file; it must be a folder.");
        }

        return destination;
    }

    // A woven assembly is written; one passed over is copied as it is, so that a woven folder is complete.
    private static void Write(ProcessedAssembly processed, string target, StrongNameKeyFile? key, bool isFolder, bool inPlace)
    {
        if (processed.Status == AssemblyStatus.Processed)
        {
            processed.Notices.AddRange(WovenModuleWriter.Write(processed.Module!, processed.File, target, key));
        }
        else if (processed.Status == AssemblyStatus.Skipped && isFolder)
        {
            CopyUnlessInPlace(processed.File, target, inPlace);
        }
    }

    private static void CopyUnlessInPlace(InputFile file, string target, bool inPlace)
    {
        if (!inPlace)
        {
            AtomicFile.Copy(file.FullPath, target);
        }
    }

    private static bool TryPrepare(InputSet inputs, string destination, TextWriter error, [NotNullWhen(true)] out RuntimeDeployment? deployment)
    {
        try
        {
            deployment = RuntimeDeployment.Prepare(inputs.DepsJson, destination, inputs.RuntimeConfig.TargetFrameworks);
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            error.WriteLine("error: the woven application could not run, so nothing was woven: " + exception.Message);
            deployment = null;
            return false;
        }
    }

    private static bool Deploy(RuntimeDeployment deployment, TextWriter output, TextWriter error)
    {
        try
        {
            foreach (var line in deployment.Deploy())
            {
                output.WriteLine("runtime: " + line);
            }

            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            error.WriteLine("error: the woven application cannot run: " + exception.Message);
            return false;
        }
    }
}
