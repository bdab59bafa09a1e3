using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AuditWeaver.Fody.Engine;
using AuditWeaver.Tool.CommandLine;
using AuditWeaver.Tool.Inputs;
using AuditWeaver.Tool.Output;
using AuditWeaver.Tool.Processing;
using AuditWeaver.Tool.SingleFile;

namespace AuditWeaver.Tool.Weaving;

/// <summary>What <c>auditweaver weave</c> was asked to do (<c>Framework</c>: <c>--framework</c>, the framework's assemblies the app uses are woven too).</summary>
internal sealed record WeaveRequest(string Input, string? Out, bool InPlace, string? Config, string? Key, IReadOnlyList<string> References, bool Verbose = false, bool Framework = false, bool ReadyToRun = true);

/// <summary>
/// <c>auditweaver weave</c>: weaves one assembly, or every assembly of a folder, into --out (or in place), leaving the
/// input untouched and never a half-written file. Every application found below the folder gets the runtime in its own
/// folder and deps.json and runs as it was started before; a single DLL gets the runtime beside it.
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

        var inputs = ToolInput.Open(request.Input, request.Framework);
        var destination = Destination(request, inputs);
        var configuration = ConfigurationFile.Load(request.Config, error);
        configuration.Options.Mode = WeaveMode.Audit;
        StrongNameKeyFile? key = null;
        if (request.Key != null)
        {
            key = StrongNameKeyFile.Read(request.Key, out var keyError) ?? throw new UsageException(keyError!);
        }

        using var resolvers = ToolInput.Resolvers(request.References);
        if (ToolInput.NothingToProcess(inputs, "weave") is { } nothing)
        {
            error.WriteLine("error: " + nothing);
            return ToolCommandLine.Failed;
        }

        // Whether an app needs the runtime is only known once it is woven, and by then an in-place weave has replaced the
        // input's assemblies: so what could stop the runtime from being deployed is checked first, and when it could not
        // be deployed into one of the apps nothing is woven at all (into --out neither: the same input gets the same answer).
        if (!TryPrepare(inputs, destination, error, out var deployments))
        {
            return ToolCommandLine.Failed;
        }

        ToolInput.Warn(inputs, error);
        ToolInput.Announce(inputs, output);
        var context = new WeaveContext(request, destination, inputs.IsFolder, configuration, key, new Progress(output, error, inputs.Assemblies.Count()), output, error);
        var outcomes = new List<ProcessedAssembly>();
        var notCopied = new List<InputFile>();
        var deploymentFailed = false;
        foreach (var application in inputs.Applications)
        {
            deploymentFailed |= !ApplicationWeave.Run(application, deployments[application], resolvers.For(application), context, outcomes, notCopied);
        }

        if (!inputs.IsFolder && outcomes.Any(o => o.Status == AssemblyStatus.Processed && o.NeedsRuntime))
        {
            output.WriteLine("runtime: an app loads only the assemblies its deps.json lists, so the app that loads " + Path.GetFileName(request.Input)
                + " needs AuditWeaver.dll listed there: reference the AuditWeaver.Fody package in it, or weave the app's folder (auditweaver weave <app folder>), which registers it.");
        }

        if (outcomes.Count > 0 || notCopied.Count > 0 || context.Bundles.Count == 0)
        {
            Summary.Write(output, outcomes, notCopied, "woven");
        }

        return outcomes.Any(o => o.Status == AssemblyStatus.Failed) || notCopied.Count > 0 || deploymentFailed || context.Bundles.Failed ? 1 : 0;
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

    // Each app's runtime goes into its own folder below the destination, in the build for its framework; a single DLL's
    // beside it, in the build for the DLL's target framework, unless one is there already.
    private static bool TryPrepare(InputSet inputs, string destination, TextWriter error, out Dictionary<ApplicationFolder, RuntimeDeployment?> deployments)
    {
        deployments = new Dictionary<ApplicationFolder, RuntimeDeployment?>();
        try
        {
            foreach (var application in inputs.Applications)
            {
                var folder = Path.GetFullPath(Path.Combine(destination, application.RelativePath));
                deployments[application] = inputs.IsFolder
                    ? RuntimeDeployment.Prepare(application.DepsJson, folder, RuntimeDeployment.BuildFor(application.RuntimeConfig.TargetFrameworks), application.RelativePath)
                    : RuntimeDeployment.Prepare(DepsJsonFiles.None, folder, RuntimeDeployment.BuildFor(application.Files[0].Inspection.Classification?.Facts?.TargetFramework), ".", keepAny: true);
            }

            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            error.WriteLine("error: the woven application could not run, so nothing was woven: " + exception.Message);
            return false;
        }
    }
}
