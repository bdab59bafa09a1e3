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
    /// <summary>
    /// The module, or why its files could not be read; <paramref name="notice"/> says when symbols had to be left out.
    /// <paramref name="readOnly"/>: the module is only read (a scan). Its bodies are then decoded as the engine comes to
    /// them and dropped after, and the module is the one the resolver hands out for the file's name (one read of each
    /// file, not one for the scan and one for the assemblies that reference it).
    /// </summary>
    internal static ModuleDefinition? Read(InputFile file, ToolAssemblyResolver resolver, bool readOnly, out string? error, out string? notice)
    {
        error = null;
        string? symbolsNotice = null;
        var hasSymbols = file.Inspection.Facts.HasEmbeddedPdb || File.Exists(Path.ChangeExtension(file.FullPath, ".pdb"));
        ModuleDefinition ReadFile()
        {
            try
            {
                return ModuleDefinition.ReadModule(file.FullPath, Parameters(resolver, hasSymbols));
            }
            catch (SymbolsNotMatchingException)
            {
                symbolsNotice = "its PDB does not match the assembly; written without debug symbols";
                return ModuleDefinition.ReadModule(file.FullPath, Parameters(resolver, false));
            }
        }

        ModuleDefinition module;
        try
        {
            // The resolver's copy has no symbols: with symbols to read, the file is read again, and that copy shared.
            module = readOnly ? resolver.Share(file.FullPath, reuse: !hasSymbols, ReadFile) : ReadFile();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The assembly itself opened for inspection; this is its PDB, or the file changed since.
            notice = null;
            error = "cannot be read (" + exception.Message.TrimEnd('.') + ").";
            return null;
        }

        notice = symbolsNotice;

        // Cecil reads a method's IL when it is first asked for it. Weaving asks for all of it now, so that a failure (which,
        // after validation, is a bug) surfaces here rather than halfway through rewriting the module.
        if (!readOnly)
        {
            foreach (var method in module.GetTypes().SelectMany(t => t.Methods).Where(m => m.HasBody))
            {
                _ = method.Body;
            }
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
