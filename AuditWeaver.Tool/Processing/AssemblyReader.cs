using System;
using System.IO;
using System.Linq;
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
        catch (Exception exception) when (IsDamage(exception))
        {
            error = "could not read its metadata (" + exception.Message.TrimEnd('.') + ").";
            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The assembly itself opened for inspection; this is its PDB, or the file changed since.
            error = "cannot be read (" + exception.Message.TrimEnd('.') + ").";
            return null;
        }

        error = DamagedBody(module);
        if (error != null)
        {
            module.Dispose();
            return null;
        }

        return module;
    }

    // Cecil reports damaged metadata or IL through whichever exception the broken bytes lead it to.
    private static bool IsDamage(Exception exception) =>
        exception is BadImageFormatException or InvalidOperationException or ArgumentException or IndexOutOfRangeException or NotSupportedException;

    // Cecil reads a method's IL when it is first asked for it, which would be in the middle of the engine, where damage
    // could only stop the whole run: every body is read here instead (the engine reads them all anyway), so that a damaged
    // one fails this file, naming the method.
    private static string? DamagedBody(ModuleDefinition module)
    {
        foreach (var method in module.GetTypes().SelectMany(t => t.Methods).Where(m => m.HasBody))
        {
            try
            {
                _ = method.Body;
            }
            catch (Exception exception) when (IsDamage(exception))
            {
                return "the IL of " + method.FullName + " is damaged (" + exception.Message.TrimEnd('.') + ").";
            }
        }

        return null;
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
