using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AuditWeaver.Fody.Applications;
using AuditWeaver.Fody.Configuration;
using AuditWeaver.Fody.Engine;
using AuditWeaver.Fody.Validation;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace AuditWeaver.MSBuild;

/// <summary>What weaving one dependency came to.</summary>
internal enum DependencyStatus
{
    /// <summary>Woven into a copy under obj/, which the build uses instead.</summary>
    Woven,

    /// <summary>Passed over (not application code, or nothing to weave): the original is used.</summary>
    Skipped,

    /// <summary>Could not be woven (the engine refused a construct, a reference is missing): the original is used, with a warning.</summary>
    NotWoven,

    /// <summary>Its call sites break the configuration (an allow list): the build fails.</summary>
    Refused,
}

internal sealed class DependencyOutcome
{
    internal DependencyOutcome(DependencyStatus status, string? detail, IReadOnlyList<WeaveMessage> messages, WeaveOutcome? weave = null)
    {
        Status = status;
        Detail = detail;
        Messages = messages;
        Weave = weave;
    }

    internal DependencyStatus Status { get; }

    /// <summary>The woven copy's path, or why the dependency was passed over or not woven.</summary>
    internal string? Detail { get; }

    internal IReadOnlyList<WeaveMessage> Messages { get; }

    internal WeaveOutcome? Weave { get; }
}

/// <summary>
/// Weaves one dependency as every front weaves an assembly (<see cref="AssemblyWeaving.Weave(Mono.Cecil.ModuleDefinition, AuditWeaver.Fody.Configuration.ConfigurationResult, bool)"/>): read it with its
/// symbols, run the one per-assembly step, and write the woven copy (and its PDB) to a new file, never over the input.
/// A framework assembly (<c>Framework="true"</c>, flagged by the caller) is woven as <c>auditweaver weave --framework</c>
/// weaves it: the same classification (System.Private.CoreLib never), its own P/Invokes raise no native.call, and the copy
/// gets a module version id of its own for the start-up manifest (<see cref="FrameworkManifest"/>).
/// </summary>
internal static class DependencyWeaver
{
    internal static DependencyOutcome Weave(string source, string destination, ConfigurationResult configuration, IAssemblyResolver resolver, ISet<string> frameworkFileNames, bool frameworkAssembly = false)
    {
        // The rules every front shares for what is the application's code; anything else is passed over with its reason.
        AssemblyClassification classification;
        ModuleDefinition module;
        try
        {
            classification = AssemblyClassifier.Classify(source, frameworkFileNames, weaveFramework: frameworkAssembly);
            if (!classification.IsWoven)
            {
                return Skip(classification.Reason!);
            }

            // Cecil reads lazily: a damaged dependency would surface mid-weave as an exception dump. One line instead.
            if (ImageValidator.Validate(source) is { } damage)
            {
                return new DependencyOutcome(DependencyStatus.NotWoven, "it is damaged: " + damage, Array.Empty<WeaveMessage>());
            }

            module = Read(source, resolver);
        }
        catch (Exception exception) when (exception is BadImageFormatException or InvalidOperationException or ArgumentException or NotSupportedException or IOException)
        {
            return new DependencyOutcome(DependencyStatus.NotWoven, "it could not be read (" + exception.Message.TrimEnd('.') + ").", Array.Empty<WeaveMessage>());
        }

        using (module)
        {
            var outcome = AssemblyWeaving.Weave(module, configuration, frameworkAssembly);
            if (outcome.AllowListViolations.Count > 0 || outcome.HasConfigurationErrors)
            {
                return new DependencyOutcome(DependencyStatus.Refused, null, outcome.Errors, outcome);
            }

            if (outcome.Failed || outcome.Result == null)
            {
                return new DependencyOutcome(DependencyStatus.NotWoven, string.Join(" ", outcome.Errors.Select(e => e.ToString())), outcome.Errors, outcome);
            }

            if (outcome.Result.Mode == WeaveMode.Report || outcome.Result.Sites.Count == 0)
            {
                // Nothing changed in it (Report mode weaves nothing): the original serves, and the report still lists it.
                return new DependencyOutcome(DependencyStatus.Skipped, outcome.Result.Mode == WeaveMode.Report ? "Report mode: call sites listed, nothing woven" : "no call site to audit", Array.Empty<WeaveMessage>(), outcome);
            }

            if (frameworkAssembly)
            {
                // Its own id, which the start-up manifest lists: the original it was woven from must not pass for it.
                FrameworkManifest.MarkWoven(module);
            }

            Write(module, destination, classification.Facts!);
            return new DependencyOutcome(DependencyStatus.Woven, destination, outcome.Messages.Where(m => m.Severity == DiagnosticSeverity.Warning).ToList(), outcome);
        }
    }

    private static DependencyOutcome Skip(string reason) => new(DependencyStatus.Skipped, reason, Array.Empty<WeaveMessage>());

    // In memory, so the input is never held open or written; with its symbols when it has them and they match.
    private static ModuleDefinition Read(string source, IAssemblyResolver resolver)
    {
        try
        {
            return ModuleDefinition.ReadModule(source, Parameters(resolver, symbols: true));
        }
        catch (SymbolsNotMatchingException)
        {
            return ModuleDefinition.ReadModule(source, Parameters(resolver, symbols: false));
        }
    }

    private static ReaderParameters Parameters(IAssemblyResolver resolver, bool symbols) => new()
    {
        AssemblyResolver = resolver,
        InMemory = true,
        ReadSymbols = symbols,
        SymbolReaderProvider = symbols ? new DefaultSymbolReaderProvider(throwIfNoSymbol: false) : null,
    };

    private static void Write(ModuleDefinition module, string destination, AssemblyFacts facts)
    {
        if (facts.IsReadyToRun)
        {
            // Cecil cannot write ReadyToRun code back (TOOLCHAIN.md): written as IL only, it is JIT-compiled, or compiled
            // again by a ReadyToRun publish.
            module.Attributes = (module.Attributes | ModuleAttributes.ILOnly) & ~ModuleAttributes.ILLibrary;
            module.Architecture = TargetArchitecture.I386;
        }

        var embedded = module.HasSymbols && facts.HasEmbeddedPdb;
        var parameters = new WriterParameters
        {
            WriteSymbols = module.HasSymbols,
            SymbolWriterProvider = !module.HasSymbols ? null : embedded ? new EmbeddedPortablePdbWriterProvider() : new PortablePdbWriterProvider(),
        };

        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var temporary = destination + ".tmp";
        var temporaryPdb = Path.ChangeExtension(temporary, ".pdb");
        var pdb = Path.ChangeExtension(destination, ".pdb");
        try
        {
            if (parameters.WriteSymbols && !embedded)
            {
                // Through a stream, Cecil names the PDB by file name only, not by this build's obj/ path.
                using var symbols = File.Create(temporaryPdb);
                parameters.SymbolStream = symbols;
                module.Write(temporary, parameters);
            }
            else
            {
                module.Write(temporary, parameters);
            }

            Replace(temporary, destination);
            if (File.Exists(temporaryPdb))
            {
                Replace(temporaryPdb, pdb);
            }
            else if (File.Exists(pdb))
            {
                // A PDB from an earlier weave would no longer match.
                File.Delete(pdb);
            }
        }
        finally
        {
            File.Delete(temporary);
            File.Delete(temporaryPdb);
        }
    }

    private static void Replace(string temporary, string destination)
    {
        if (File.Exists(destination))
        {
            File.Delete(destination);
        }

        File.Move(temporary, destination);
    }
}
