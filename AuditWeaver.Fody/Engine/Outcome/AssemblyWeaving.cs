using System.Collections.Generic;
using System.Linq;
using AuditWeaver.Fody.Configuration;
using AuditWeaver.Fody.Reports;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace AuditWeaver.Fody.Engine;

/// <summary>
/// Weaving one assembly as every front does it: the Fody add-in for the module it builds, the command-line tool for each
/// assembly of its input, and any front that weaves assemblies it did not build (an application's dependencies). It runs
/// the engine under a configuration and then applies what the configuration says about the result, so that no front
/// decides on its own what fails: configuration errors (the engine then does not run), the engine's errors, diagnostics
/// configured as errors, and call sites outside the assembly's allow lists. The front reports the messages, and when the
/// outcome failed it writes nothing for the assembly.
/// </summary>
public static class AssemblyWeaving
{
    /// <summary>
    /// Weaves <paramref name="module"/> in memory (in Report mode, only finds its call sites); the caller writes it unless
    /// the outcome failed. Bugs propagate as exceptions.
    /// </summary>
    /// <param name="module">The module to weave.</param>
    /// <param name="configuration">What to audit, deny and allow, read from FodyWeavers.xml or the tool's --config.</param>
    /// <param name="frameworkAssembly">It is an assembly of the .NET framework, woven with the framework (<c>--framework</c>):
    /// its P/Invokes into the framework's own native shims raise no native.call.</param>
    public static WeaveOutcome Weave(ModuleDefinition module, ConfigurationResult configuration, bool frameworkAssembly = false) =>
        Weave(module, configuration, frameworkAssembly, null);

    /// <summary>As the public overload; <paramref name="examined"/> sees each method once the engine is done with it (a scan's call graph).</summary>
    internal static WeaveOutcome Weave(ModuleDefinition module, ConfigurationResult configuration, bool frameworkAssembly, System.Action<MethodDefinition>? examined)
    {
        var assemblyName = module.Assembly?.Name.Name ?? module.Name;
        var messages = configuration.Problems.Select(p => new WeaveMessage(WeaveMessageKind.Configuration, p.Severity, p.Message)).ToList();
        if (configuration.HasErrors)
        {
            return new WeaveOutcome(assemblyName, null, messages, null);
        }

        var log = new Log(messages);
        WeaveResult? result = null;
        try
        {
            result = new AuditWeavingEngine(configuration.Options, log).Weave(module, frameworkAssembly, examined);
        }
        catch (AuditWeavingException exception)
        {
            log.Error(exception.Message, exception.Location);
        }
        catch (AssemblyResolutionException exception)
        {
            log.Error("could not resolve " + exception.AssemblyReference.FullName + ".", null);
        }

        if (result == null)
        {
            return new WeaveOutcome(assemblyName, null, messages, null);
        }

        foreach (var diagnostic in result.Diagnostics)
        {
            var text = diagnostic.ToString() + (diagnostic.Severity == DiagnosticSeverity.Error ? " (configured as an error)" : string.Empty);
            messages.Add(new WeaveMessage(WeaveMessageKind.Diagnostic, diagnostic.Severity, text, diagnostic.Location));
        }

        foreach (var site in AssemblyAllowance.Violations(configuration.AllowLists, assemblyName, result.Sites))
        {
            messages.Add(new WeaveMessage(WeaveMessageKind.AllowList, DiagnosticSeverity.Error, AssemblyAllowance.Message(configuration.AllowLists, assemblyName, site), site: site));
        }

        foreach (var text in AssemblyAllowance.UnsafeViolations(configuration.AllowLists, assemblyName, result.Diagnostics))
        {
            messages.Add(new WeaveMessage(WeaveMessageKind.AllowList, DiagnosticSeverity.Error, text));
        }

        var report = configuration.Options.WriteReport ? WeaveReport.Write(assemblyName, result) : null;
        return new WeaveOutcome(assemblyName, result, messages, report);
    }

    // The engine's log, kept in order with the other messages.
    private sealed class Log : IWeaverLog
    {
        private readonly List<WeaveMessage> _messages;

        internal Log(List<WeaveMessage> messages)
        {
            _messages = messages;
        }

        public void Info(string message) => Add(DiagnosticSeverity.Info, message, null);

        public void Warning(string message, SequencePoint? location) => Add(DiagnosticSeverity.Warning, message, location);

        public void Error(string message, SequencePoint? location) => Add(DiagnosticSeverity.Error, message, location);

        private void Add(DiagnosticSeverity severity, string message, SequencePoint? location) =>
            _messages.Add(new WeaveMessage(WeaveMessageKind.Engine, severity, message, location));
    }
}
