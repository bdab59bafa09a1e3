using System.Collections.Generic;
using System.IO;
using System.Linq;
using AuditWeaver.Fody.Configuration;
using AuditWeaver.Fody.Engine;
using AuditWeaver.Fody.Reports;
using Fody;
using Mono.Cecil.Cil;

namespace AuditWeaver.Fody;

/// <summary>Fody's entry point: reads the configuration, runs the engine, reports, and writes the weave report.</summary>
public sealed class ModuleWeaver : BaseModuleWeaver
{
    /// <summary>The call sites the last run audited (for tests and reports).</summary>
    public WeaveResult? Result { get; private set; }

    public override void Execute()
    {
        var configuration = WeaverConfiguration.Read(Config);
        foreach (var problem in configuration.Problems)
        {
            Report(problem.Severity, problem.Message);
        }

        // Fody writes the module (and marks it processed) after its weavers return, even when they logged errors; only an
        // exception stops it. Without one, the next build would find a "processed" assembly and ship it unwoven.
        if (configuration.HasErrors)
        {
            throw new WeavingException("AuditWeaver: nothing was woven because FodyWeavers.xml has errors (listed above).");
        }

        var log = new FodyLog(this);
        try
        {
            Result = new AuditWeavingEngine(configuration.Options, log).Weave(ModuleDefinition);
        }
        catch (AuditWeavingException exception)
        {
            WriteError(exception.Message, exception.Location);
            throw new WeavingException("AuditWeaver: nothing was woven (see the error above).");
        }

        if (log.Errors > 0)
        {
            throw new WeavingException("AuditWeaver: nothing was woven because of the errors above.");
        }

        foreach (var diagnostic in Result.Diagnostics)
        {
            Report(diagnostic.Severity, diagnostic.ToString());
        }

        foreach (var site in AssemblyAllowance.Violations(configuration.AllowLists, ModuleDefinition.Assembly.Name.Name, Result.Sites))
        {
            WriteError(AssemblyAllowance.Message(configuration.AllowLists, ModuleDefinition.Assembly.Name.Name, site));
        }

        WriteInfo("AuditWeaver: " + Result.Sites.Count + " call sites " + (Result.Mode == WeaveMode.Report ? "found (Report mode: nothing woven)" : "audited") + " in " + ModuleDefinition.Name + ".");
        // Next to the module being woven: Fody's intermediate assembly (obj/), which the build then copies to bin/.
        var woven = string.IsNullOrEmpty(ModuleDefinition.FileName) ? AssemblyFilePath : ModuleDefinition.FileName;
        if (configuration.Options.WriteReport && !string.IsNullOrEmpty(woven))
        {
            WriteReportFile(Path.Combine(Path.GetDirectoryName(woven)!, Path.GetFileNameWithoutExtension(woven) + WeaveReport.FileSuffix));
        }
    }

    // References to the runtime are built by name (RuntimeReferences), so Fody need not scan any assembly.
    public override IEnumerable<string> GetAssembliesForScanning() => Enumerable.Empty<string>();

    // Users reference the runtime to add hooks; woven code calls it too. Fody must keep the reference.
    public override bool ShouldCleanReference => false;

    // Written to a temporary file and moved into place, so a failed build never leaves half a report.
    private void WriteReportFile(string path)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, WeaveReport.Write(ModuleDefinition.Assembly.Name.Name, Result!));
        if (File.Exists(path))
        {
            File.Delete(path);
        }

        File.Move(temporary, path);
    }

    private void Report(DiagnosticSeverity severity, string message)
    {
        switch (severity)
        {
            case DiagnosticSeverity.Error:
                WriteError(message);
                break;
            case DiagnosticSeverity.Warning:
                WriteWarning(message);
                break;
            case DiagnosticSeverity.Info:
                WriteInfo(message);
                break;
        }
    }

    private sealed class FodyLog : IWeaverLog
    {
        private readonly ModuleWeaver _weaver;

        internal FodyLog(ModuleWeaver weaver)
        {
            _weaver = weaver;
        }

        public void Info(string message) => _weaver.WriteInfo(message);

        public void Warning(string message, SequencePoint? location) => _weaver.WriteWarning(message, location);

        internal int Errors { get; private set; }

        public void Error(string message, SequencePoint? location)
        {
            Errors++;
            _weaver.WriteError(message, location);
        }
    }
}
