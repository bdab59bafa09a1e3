using System;
using System.IO;
using System.Linq;
using AuditWeaver.Tool.Inputs;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace AuditWeaver.Tool.Processing;

/// <summary>
/// Reads one input assembly with Cecil, with its debug symbols when it has them (a PDB beside it, or embedded). The
/// assembly has passed validation: anything Cecil throws now, but for the file system's errors, is a bug of ours.
/// </summary>
internal static class AssemblyReader
{
    /// <summary>The module, or why its files could not be read; <paramref name="notice"/> says when symbols had to be left out.</summary>
    internal static ModuleDefinition? Read(InputFile file, IAssemblyResolver resolver, out string? error, out string? notice)
    {
        error = null;
        notice = null;
        var hasSymbols = file.Inspection.Facts.HasEmbeddedPdb || File.Exists(Path.ChangeExtension(file.FullPath, ".pdb"));
        ModuleDefinition module;
        try
        {
            try
            {
                module = ModuleDefinition.ReadModule(file.FullPath, Parameters(resolver, hasSymbols));
            }
            catch (SymbolsNotMatchingException)
            {
                notice = "its PDB does not match the assembly; written without debug symbols";
                module = ModuleDefinition.ReadModule(file.FullPath, Parameters(resolver, false));
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The assembly itself opened for inspection; this is its PDB, or the file changed since.
            error = "cannot be read (" + exception.Message.TrimEnd('.') + ").";
            return null;
        }

        // Cecil reads a method's IL when it is first asked for it: all of it now, so that a failure (which, after validation,
        // is a bug) surfaces here rather than halfway through the engine.
        foreach (var method in module.GetTypes().SelectMany(t => t.Methods).Where(m => m.HasBody))
        {
            _ = method.Body;
        }

        return module;
    }

    // In memory: the input file stays closed, so --in-place can replace it and nothing holds it open.
    private static ReaderParameters Parameters(IAssemblyResolver resolver, bool symbols) => new()
    {
        AssemblyResolver = resolver,
        InMemory = true,
        ReadSymbols = symbols,
        SymbolReaderProvider = symbols ? new DefaultSymbolReaderProvider(throwIfNoSymbol: false) : null,
    };
}
