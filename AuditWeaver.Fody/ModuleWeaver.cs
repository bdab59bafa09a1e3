using System.Collections.Generic;
using System.IO;
using System.Linq;
using AuditWeaver.Fody.Configuration;
using AuditWeaver.Fody.Engine;
using AuditWeaver.Fody.Reports;
using AuditWeaver.Fody.Validation;
using Fody;

namespace AuditWeaver.Fody;

/// <summary>Fody's entry point: weaves the module under FodyWeavers.xml, reports every message, and writes the weave report.</summary>
public sealed class ModuleWeaver : BaseModuleWeaver
{
    /// <summary>The call sites the last run audited (for tests and reports).</summary>
    public WeaveResult? Result { get; private set; }

    public override void Execute()
    {
        // Cecil reads lazily: damage in the compiled assembly, its PDB or a reference would surface mid-weave as an
        // exception dump. Refused first, in one line that names the file; what fails after this is a bug of ours.
        if (InputDamage.Find(AssemblyFilePath, References, ModuleDefinition) is { } damage)
        {
            throw new WeavingException("AuditWeaver: " + damage);
        }

        var configuration = WeaverConfiguration.Read(Config);
        var outcome = AssemblyWeaving.Weave(ModuleDefinition, configuration);
        Result = outcome.Result;
        foreach (var message in outcome.Messages)
        {
            Report(message);
        }

        // Next to the module being woven: Fody's intermediate assembly (obj/), which the build then copies to bin/.
        var woven = string.IsNullOrEmpty(ModuleDefinition.FileName) ? AssemblyFilePath : ModuleDefinition.FileName;
        var reportPath = string.IsNullOrEmpty(woven) ? null : Path.Combine(Path.GetDirectoryName(woven)!, Path.GetFileNameWithoutExtension(woven) + WeaveReport.FileSuffix);

        // Fody writes the module (and marks it processed) after its weavers return, even when they logged errors; only an
        // exception stops it. Without one, the next build would find a "processed" assembly and ship it unwoven, or stop
        // with Fody's "already processed" instead of repeating what is wrong.
        if (outcome.Failed)
        {
            // A report left from an earlier build would describe a weave that did not happen.
            if (reportPath != null && File.Exists(reportPath))
            {
                File.Delete(reportPath);
            }

            throw new WeavingException(outcome.HasConfigurationErrors
                ? "AuditWeaver: nothing was woven because FodyWeavers.xml has errors (listed above)."
                : "AuditWeaver: nothing was woven because of the errors above.");
        }

        if (configuration.Framework && Result!.Mode == WeaveMode.Audit && Result.Sites.Count == 0 && ModuleDefinition.EntryPoint != null)
        {
            // Its framework is woven on publish, and the runtime checks at start-up that the woven framework is what
            // loads (the manifest the publish writes). With no call site of its own (a web app's Program.cs), nothing
            // woven might load before a replaced framework assembly runs unaudited: the program starts the runtime itself,
            // as the tool makes the entry assembly of 'weave --framework' do.
            ModuleInitializer.Add(ModuleDefinition, new RuntimeReferences(ModuleDefinition));
        }

        WriteInfo("AuditWeaver: " + Result!.Sites.Count + " call sites " + (Result.Mode == WeaveMode.Report ? "found (Report mode: nothing woven)" : "audited") + " in " + ModuleDefinition.Name + ".");
        if (outcome.Report != null && reportPath != null)
        {
            TextFile.WriteWhole(reportPath, outcome.Report);
        }
    }

    // References to the runtime are built by name (RuntimeReferences), so Fody need not scan any assembly.
    public override IEnumerable<string> GetAssembliesForScanning() => Enumerable.Empty<string>();

    // Users reference the runtime to add hooks; woven code calls it too. Fody must keep the reference.
    public override bool ShouldCleanReference => false;

    private void Report(WeaveMessage message)
    {
        switch (message.Severity)
        {
            case DiagnosticSeverity.Error:
                WriteError(message.Text, message.Location);
                break;
            case DiagnosticSeverity.Warning:
                WriteWarning(message.Text, message.Location);
                break;
            case DiagnosticSeverity.Info:
                WriteInfo(message.Text);
                break;
        }
    }
}
