using System;
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
using AuditWeaver.Tool.Weaving;

namespace AuditWeaver.Tool.Scanning;

/// <summary>
/// What <c>auditweaver scan</c> was asked to do. <paramref name="ShownAs"/>: what the report names as its input when
/// <paramref name="Input"/> is a folder the tool unpacked it into (a single-file app). <paramref name="Verbose"/>: print
/// an internal error's stack trace. <paramref name="Packages"/>: for a project's scan, the package each file (by its
/// path relative to <paramref name="Input"/>) came from, and <paramref name="Project"/> the restore they were read from.
/// <paramref name="TargetFramework"/> and <paramref name="Runtime"/>: which of a project's targets to scan.
/// </summary>
internal sealed record ScanRequest(string Input, string Format, string? Out, string? Config, string? Baseline, bool UpdateBaseline, IReadOnlyList<string> References, string? ShownAs = null, bool Verbose = false, bool Framework = false, IReadOnlyDictionary<string, PackageAssembly>? Packages = null, string? TargetFramework = null, string? Runtime = null, RestoredProject? Project = null);

/// <summary>
/// <c>auditweaver scan</c>: the engine in Report mode over every assembly of the input (nothing is written but the
/// report), then what the call graph, the allow lists and the baseline say about it.
/// </summary>
internal static class ScanCommand
{
    internal static int Run(ScanRequest request, TextWriter output, TextWriter error)
    {
        if (request.UpdateBaseline && request.Baseline == null)
        {
            throw new UsageException("--update-baseline needs --baseline <file>: the file to write.");
        }

        if (request.Packages == null && (request.TargetFramework ?? request.Runtime) != null && !ProjectAssets.Handles(request.Input))
        {
            throw new UsageException((request.TargetFramework != null ? "--target-framework" : "--runtime") + " chooses among a project's restored targets: the input must be a project file or its project.assets.json, not " + request.Input + ".");
        }

        // A single-file app is unpacked and scanned as a folder (SingleFile/).
        if (SingleFileWeave.Handles(request.Input))
        {
            return SingleFileScan.Run(request, output, error);
        }

        // A project is scanned from its restore: the packages it would copy, linked into a folder (ProjectScan).
        if (request.Packages == null && ProjectAssets.Handles(request.Input))
        {
            return ProjectScan.Run(request, output, error);
        }

        var inputs = ToolInput.Open(request.Input, request.Framework);
        var configuration = ConfigurationFile.Load(request.Config, error);
        configuration.Options.Mode = WeaveMode.Report;
        var baseline = request.Baseline != null && !request.UpdateBaseline ? CapabilityBaseline.Load(request.Baseline) : null;
        var packages = request.Packages ?? new Dictionary<string, PackageAssembly>();
        var outPath = request.Out == null ? null : Path.GetFullPath(request.Out);
        if (outPath != null && Directory.Exists(outPath))
        {
            throw new UsageException("--out " + request.Out + " is a folder; it must be the report file to write.");
        }

        ToolInput.RefuseInputAssembly(inputs, "--out", request.Out, "the report");
        ToolInput.RefuseInputAssembly(inputs, "--baseline", request.UpdateBaseline ? request.Baseline : null, "the baseline");
        using var resolvers = ToolInput.Resolvers(request.References);
        if (ToolInput.NothingToProcess(inputs, "scan") is { } nothing)
        {
            error.WriteLine("error: " + nothing);
            return ToolCommandLine.Failed;
        }

        ToolInput.Warn(inputs, error);
        SingleFileScan.WarnAboutBundles(inputs, error);
        ToolInput.Announce(inputs, error);

        // Progress goes to standard error: standard output may be the report itself.
        var progress = new Progress(error, error, inputs.Assemblies.Count());
        var assemblies = new List<ProcessedAssembly>();
        try
        {
            var indirect = new List<IndirectCapability>();
            var edges = CallGraphEdges.None;
            foreach (var application in inputs.Applications)
            {
                var own = new List<ProcessedAssembly>();
                var calls = new MethodCalls();
                var files = application.Assemblies.ToList();
                var resolver = resolvers.For(application);
                OrderedWork.Run(files.Count, OrderedWork.Workers, item => Scan(files[item], configuration, resolver, inputs.IsFolder, request.Verbose), (_, scanned) =>
                {
                    error.Write(scanned.Trace);
                    // The call graph keeps only the calls of each body, read while the engine had it decoded (memory).
                    if (inputs.IsFolder)
                    {
                        calls.Take(scanned.Assembly, scanned.Calls);
                    }

                    own.Add(scanned.Assembly);
                    progress.Report(scanned.Assembly, "scanned");
                });

                // What an assembly reaches through another is found within its own app: two apps may carry different
                // versions of one library, and neither calls into the other.
                if (inputs.IsFolder)
                {
                    var (found, graphEdges) = CallGraph.Find(own, calls);
                    indirect.AddRange(found);
                    edges = edges.Plus(graphEdges);
                }

                assemblies.AddRange(own);
            }

            var violations = AllowListViolations(assemblies).ToList();
            if (baseline != null)
            {
                violations.AddRange(baseline.Compare(assemblies, Path.GetFileName(request.Baseline!), packages));
            }

            var findings = new ScanFindings(request.ShownAs ?? inputs.Root, assemblies, indirect, violations, edges, packages, request.Project);
            var report = request.Format switch
            {
                "json" => JsonScanReport.Write(findings),
                "sarif" => SarifScanReport.Write(findings),
                _ => TextScanReport.Write(findings),
            };
            var written = true;
            if (outPath == null)
            {
                output.Write(report);
            }
            else
            {
                written &= Save(() => AtomicFile.WriteAllText(outPath, report), outPath, "--out " + request.Out, "report: " + outPath, error);
            }

            if (request.UpdateBaseline)
            {
                written &= Save(() => CapabilityBaseline.From(assemblies, packages).Save(request.Baseline!), request.Baseline!, "--baseline " + request.Baseline, "baseline: wrote " + Path.GetFullPath(request.Baseline!), error);
            }

            foreach (var violation in violations)
            {
                error.WriteLine("error: " + violation.Message);
            }

            if (baseline != null && violations.Any(v => v.Kind == "baseline"))
            {
                error.WriteLine("If these are expected, accept them with: auditweaver scan " + (request.ShownAs ?? request.Input) + TargetOptions(request) + " --baseline " + request.Baseline + " --update-baseline");
            }

            return assemblies.Any(a => a.Status == AssemblyStatus.Failed) || violations.Count > 0 || !written ? ToolCommandLine.Failed : ToolCommandLine.Done;
        }
        finally
        {
            foreach (var assembly in assemblies)
            {
                assembly.Module?.Dispose();
            }
        }
    }

    // One assembly, on whichever thread takes it; with the calls of its bodies when a call graph is built, and the stack
    // trace of an internal error (written in file order, with the file's progress line).
    private static (ProcessedAssembly Assembly, List<MethodCallList> Calls, string Trace) Scan(InputFile file, ConfigurationResult configuration, ToolAssemblyResolver resolver, bool graph, bool verbose)
    {
        var calls = new List<MethodCallList>();
        try
        {
            return (AssemblyPipeline.Process(file, configuration, resolver, graph ? method => calls.Add(MethodCalls.Read(method)) : null), calls, string.Empty);
        }
        catch (Exception exception) when (exception is not UsageException)
        {
            // The input passed validation (or the failure would be its damage, said in words): this is ours.
            var trace = new StringWriter();
            return (InternalError.Fail(file, exception, InternalError.Verbose(verbose), trace), calls, trace.ToString());
        }
    }

    // The accepting command must scan what this one did.
    private static string TargetOptions(ScanRequest request) =>
        (request.TargetFramework == null ? string.Empty : " --target-framework " + request.TargetFramework) + (request.Runtime == null ? string.Empty : " --runtime " + request.Runtime);

    // Each output is written whole or not at all; one that cannot be written is said, and fails the scan.
    private static bool Save(Action write, string target, string option, string done, TextWriter error)
    {
        if (WriteAttempt.Run(write, target, option + ": cannot be written") is { } failure)
        {
            error.WriteLine("error: " + failure);
            return false;
        }

        error.WriteLine(done);
        return true;
    }

    private static IEnumerable<Violation> AllowListViolations(IEnumerable<ProcessedAssembly> assemblies) =>
        from assembly in assemblies
        where assembly.Status == AssemblyStatus.Processed
        from violation in assembly.Outcome!.AllowListViolations
        select violation.Site == null
            ? new Violation("allow", assembly.Name, DiagnosticIds.UnsafeCapability, violation.Text, Array.Empty<WovenSite>())
            : new Violation("allow", assembly.Name, violation.Site.EventName, violation.Text, new[] { violation.Site });
}
