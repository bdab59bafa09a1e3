using System;
using System.IO;
using System.Linq;
using Mono.Cecil;

namespace AuditWeaver.Fody.Validation;

/// <summary>
/// The Fody front's check before weaving: the assembly being built (with its PDB) and the references it names, each
/// validated as the command-line tool validates its inputs, so that a build fails with one line naming the damaged file.
/// </summary>
internal static class InputDamage
{
    /// <summary><c>&lt;file&gt;: &lt;what is damaged&gt;</c>, or null when the assembly and its references are whole.</summary>
    internal static string? Find(string? assemblyPath, string? references, ModuleDefinition module)
    {
        if (!string.IsNullOrEmpty(assemblyPath) && File.Exists(assemblyPath) && ImageValidator.Validate(assemblyPath!) is { } damage)
        {
            return assemblyPath + ": " + damage;
        }

        // Only the references the module names: those are the ones the weaver may resolve, and Cecil reads them lazily too.
        var named = module.AssemblyReferences.Select(r => r.Name).ToList();
        var paths = (references ?? string.Empty).Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries);
        foreach (var path in paths.Where(p => named.Contains(Path.GetFileNameWithoutExtension(p), StringComparer.OrdinalIgnoreCase) && File.Exists(p)))
        {
            if (ImageValidator.Validate(path, metadataOnly: true) is { } referenceDamage)
            {
                return path + " (a reference of " + module.Name + "): " + referenceDamage;
            }
        }

        return null;
    }
}
