using System;
using System.IO;
using AuditWeaver.Tool.Inputs;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace AuditWeaver.Tool.Processing;

/// <summary>Reads one input assembly with Cecil, with its debug symbols when it has them (a PDB beside it, or embedded).</summary>
internal static class AssemblyReader
{
    /// <summary>The module, or why it could not be read; <paramref name="notice"/> says when symbols had to be left out.</summary>
    internal static ModuleDefinition? Read(InputFile file, IAssemblyResolver resolver, out string? error, out string? notice)
    {
        error = null;
        notice = null;
        var hasSymbols = file.Inspection.HasEmbeddedPdb || File.Exists(Path.ChangeExtension(file.FullPath, ".pdb"));
        try
        {
            try
            {
                return ModuleDefinition.ReadModule(file.FullPath, Parameters(resolver, hasSymbols));
            }
            catch (SymbolsNotMatchingException)
            {
                notice = "its PDB does not match the assembly; written without debug symbols";
                return ModuleDefinition.ReadModule(file.FullPath, Parameters(resolver, false));
            }
        }
        catch (Exception exception) when (exception is BadImageFormatException or InvalidOperationException or ArgumentException or IndexOutOfRangeException or NotSupportedException)
        {
            // Cecil reports damaged metadata through whichever exception the broken table leads it to.
            error = "could not read its metadata (" + exception.Message.TrimEnd('.') + ").";
            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The assembly itself opened for inspection; this is its PDB, or the file changed since.
            error = "cannot be read (" + exception.Message.TrimEnd('.') + ").";
            return null;
        }
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
