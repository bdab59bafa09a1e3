using System.Collections.Generic;
using System.IO;
using System.Linq;
using AuditWeaver.Fody.Configuration;
using AuditWeaver.Fody.Engine;
using AuditWeaver.Tool.CommandLine;
using AuditWeaver.Tool.Inputs;
using AuditWeaver.Tool.Output;
using AuditWeaver.Tool.Processing;
using AuditWeaver.Tool.SingleFile;
using AuditWeaver.Tool.Weaving.ReadyToRun;

namespace AuditWeaver.Tool.Weaving;

/// <summary>What every application of one weave shares: where it goes, the configuration, the key, the progress.</summary>
internal sealed record WeaveContext(WeaveRequest Request, string Destination, bool IsFolder, ConfigurationResult Configuration, StrongNameKeyFile? Key, Progress Progress, TextWriter Output, TextWriter Error)
{
    internal bool InPlace => Request.InPlace;

    /// <summary>Single-file apps found in the folder, each woven on its own with a summary of its own (SingleFile/).</summary>
    internal FolderBundles Bundles { get; } = new(Request, Output, Error);
}

/// <summary>
/// Weaves the files of one application: each is woven (or copied) into a private folder beside its destination, and
/// only when the application can run woven (<see cref="FrameworkFit"/>) is it all moved into place and the runtime
/// deployed and registered; otherwise nothing of it is written.
/// </summary>
internal static class ApplicationWeave
{
    /// <summary>
    /// Weaves <paramref name="application"/>; adds what became of its assemblies and of its other files that could not be
    /// copied. False when the runtime it needs could not be deployed (said on standard error).
    /// </summary>
    internal static bool Run(ApplicationFolder application, RuntimeDeployment? deployment, ToolAssemblyResolver resolver, WeaveContext context, List<ProcessedAssembly> outcomes, List<InputFile> notCopied)
    {
        using var staged = new StagedFiles();
        using var fit = context.IsFolder ? FrameworkFit.For(application) : null;
        var framework = new WovenFramework();
        var own = new List<ProcessedAssembly>();
        var precompiled = new List<PrecompiledInput>();
        var updatedSymbols = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var file in application.Files)
        {
            var target = Path.Combine(context.Destination, file.RelativePath);
            if (context.Bundles.Handle(file.FullPath, target))
            {
                continue;
            }

            if (!file.IsAssemblyCandidate)
            {
                // The PDB of an assembly woven with its symbols was staged updated beside it; the original would undo that.
                if (updatedSymbols.Contains(target))
                {
                    continue;
                }

                if (!context.InPlace && WriteAttempt.Run(() => staged.Copy(file.FullPath, target), target, "could not be copied to " + target) is { } copyFailure)
                {
                    notCopied.Add(file);
                    context.Progress.ReportError(file, copyFailure);
                }

                continue;
            }

            ProcessedAssembly processed;
            ProcessedAssembly? read = null;
            string? failure;
            try
            {
                processed = read = AssemblyPipeline.Process(file, context.Configuration, resolver);
                if (file.Inspection.IsWovenFramework && processed.Status == AssemblyStatus.Processed)
                {
                    processed = FrameworkFile(processed, target, framework);
                }
                else if (application.WeavesFramework && processed.Status == AssemblyStatus.Processed && processed.Result!.Sites.Count == 0 && IsEntryAssembly(application, file))
                {
                    // The app's own code may audit nothing (a web app's Program.cs), but the runtime must start with it to
                    // check its woven framework: when that was replaced, no woven module would load and nothing would say so.
                    ModuleInitializer.Add(processed.Module!, new RuntimeReferences(processed.Module!));
                    processed.StartsRuntime = true;
                }

                var toWrite = processed;
                failure = WriteAttempt.Run(() => Write(toWrite, target, context, staged), target, "could not be written to " + target);
                if (failure == null && processed.Status == AssemblyStatus.Processed)
                {
                    fit?.Check(processed.AddedReferences, "woven " + Path.GetFileName(file.RelativePath));
                    if (context.IsFolder && file.Inspection.Facts.IsReadyToRun)
                    {
                        precompiled.Add(new PrecompiledInput(target, ReadyToRunImage.TargetOf(file.FullPath)));
                    }

                    if (processed.Module!.HasSymbols && !file.Inspection.Facts.HasEmbeddedPdb)
                    {
                        updatedSymbols.Add(Path.ChangeExtension(target, ".pdb"));
                    }
                }
            }
            catch (System.Exception exception) when (exception is not UsageException)
            {
                // The input passed validation (or the failure would be its damage, said in words): this is ours.
                processed = InternalError.Fail(file, exception, InternalError.Verbose(context.Request.Verbose), context.Error);
                failure = null;
            }
            finally
            {
                read?.Module?.Dispose();
            }

            if (failure != null)
            {
                processed = new ProcessedAssembly(file, AssemblyStatus.Failed, new[] { failure });
            }

            own.Add(processed);
            context.Progress.Report(processed, "woven");
        }

        // A single assembly passed over is not written, so nothing beside it needs the runtime.
        var needsRuntime = deployment != null && own.Any(o => o.NeedsRuntime && (context.IsFolder || o.Status == AssemblyStatus.Processed));
        if (needsRuntime && fit != null)
        {
            fit.CheckRuntime(deployment!.Source);
        }

        if (fit?.Problem() is { } problem)
        {
            context.Error.WriteLine("error: " + problem);
            outcomes.AddRange(own.Select(o => o.Status == AssemblyStatus.Processed ? new ProcessedAssembly(o.File, AssemblyStatus.Failed, new[] { "its application cannot run woven (see the error naming " + application.Name + ")." }) : o));
            return true;
        }

        var unwritten = staged.Commit().ToDictionary(f => f.Destination, f => f.Failure);
        foreach (var outcome in own)
        {
            var target = Path.Combine(context.Destination, outcome.File.RelativePath);
            outcomes.Add(unwritten.TryGetValue(target, out var failure) ? Failed(outcome, failure, context) : outcome);
        }

        foreach (var file in application.Files.Where(f => !f.IsAssemblyCandidate))
        {
            if (unwritten.TryGetValue(Path.Combine(context.Destination, file.RelativePath), out var failure))
            {
                notCopied.Add(file);
                context.Progress.ReportError(file, failure);
            }
        }

        if (!((!needsRuntime || Deploy(deployment!, context)) & CompleteFramework(framework, application, unwritten.Keys, context)))
        {
            return false;
        }

        // Written and deployed: the woven files (the framework's included) and the runtime they reference are where
        // crossgen2 will look.
        ApplicationPrecompilation.Run(application, Path.Combine(context.Destination, application.RelativePath), precompiled.Where(p => !unwritten.ContainsKey(p.WovenPath)).ToList(), context.Request.ReadyToRun, context.Output);
        return true;
    }

    // A framework assembly with no call site is left as it is (a self-contained app's copy keeps its precompiled code; a
    // shared one is not copied at all); one with call sites is woven into the app's folder.
    private static ProcessedAssembly FrameworkFile(ProcessedAssembly processed, string target, WovenFramework framework)
    {
        if (processed.Result!.Sites.Count == 0)
        {
            return new ProcessedAssembly(processed.File, AssemblyStatus.Skipped, new[] { "a framework assembly with no call site to weave; left as it is" });
        }

        framework.Add(processed, target);
        return processed;
    }

    private static bool CompleteFramework(WovenFramework framework, ApplicationFolder application, ICollection<string> unwritten, WeaveContext context)
    {
        try
        {
            foreach (var line in framework.Complete(application, Path.Combine(context.Destination, application.RelativePath), unwritten))
            {
                context.Output.WriteLine(line);
            }

            return true;
        }
        catch (System.Exception exception) when (exception is IOException or System.UnauthorizedAccessException)
        {
            context.Error.WriteLine("error: the woven framework of " + application.Name + " cannot be used: " + exception.Message);
            return false;
        }
    }

    // X.dll of X.runtimeconfig.json: the assembly the host starts.
    private static bool IsEntryAssembly(ApplicationFolder application, InputFile file) =>
        application.RuntimeConfig.Paths.Any(p => string.Equals(Path.GetFileName(p), Path.GetFileNameWithoutExtension(file.RelativePath) + ".runtimeconfig.json", System.StringComparison.Ordinal)
            && string.Equals(Path.GetDirectoryName(p), Path.GetDirectoryName(file.FullPath), System.StringComparison.Ordinal));

    private static ProcessedAssembly Failed(ProcessedAssembly outcome, string failure, WeaveContext context)
    {
        context.Progress.ReportError(outcome.File, failure);
        return new ProcessedAssembly(outcome.File, AssemblyStatus.Failed, new[] { failure });
    }

    // A woven assembly is written; one passed over is copied as it is, so that a woven folder is complete.
    private static void Write(ProcessedAssembly processed, string target, WeaveContext context, StagedFiles staged)
    {
        if (processed.Status == AssemblyStatus.Processed)
        {
            processed.Notices.AddRange(WovenModuleWriter.Write(processed.Module!, processed.File, target, context.Key, staged, context.IsFolder && context.Request.ReadyToRun));
        }
        else if (processed.Status == AssemblyStatus.Skipped && context.IsFolder && !context.InPlace && !processed.File.IsSharedFrameworkCopy)
        {
            staged.Copy(processed.File.FullPath, target);
        }
    }

    private static bool Deploy(RuntimeDeployment deployment, WeaveContext context)
    {
        try
        {
            foreach (var line in deployment.Deploy())
            {
                context.Output.WriteLine("runtime: " + line);
            }

            return true;
        }
        catch (System.Exception exception) when (exception is IOException or System.UnauthorizedAccessException)
        {
            context.Error.WriteLine("error: the woven application cannot run: " + exception.Message);
            return false;
        }
    }
}
