using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Mono.Cecil;

namespace AuditWeaver.Fody.Applications;

/// <summary>Which front wove an app's framework: the manifest says so, and the runtime's refusal names it and its remedy.</summary>
internal enum FrameworkWeaver
{
    /// <summary><c>auditweaver weave --framework</c>.</summary>
    Tool,

    /// <summary>A self-contained <c>dotnet publish</c> with <c>&lt;AuditWeaver Framework="true"&gt;</c>.</summary>
    Publish,
}

/// <summary>
/// The start-up manifest of an app whose framework is woven, AuditWeaver.framework.txt beside the app, written the same way
/// by both fronts that weave a framework (the tool's <c>weave --framework</c>, the build's <c>Framework="true"</c> publish).
/// It lists each woven framework assembly by name and module version id; the runtime (AuditWeaver's FrameworkCheck)
/// compares every assembly of those names that loads with it. A woven copy therefore needs a module version id of its
/// own, or the original (loaded when the framework was patched or rolled forward since) would pass for it:
/// <see cref="MarkWoven"/> gives it one, derived from the original's so that weaving the same file again gives the same
/// bytes. ReadyToRun compilation after the weave copies the metadata, and with it that id, into its output.
/// </summary>
internal static class FrameworkManifest
{
    /// <summary>The manifest's file name, in the app's folder; the runtime reads it from there (AppContext.BaseDirectory).</summary>
    internal const string FileName = "AuditWeaver.framework.txt";

    /// <summary>Gives a woven framework module its own module version id; call before it is written.</summary>
    internal static void MarkWoven(ModuleDefinition module) => module.Mvid = WovenModuleVersionId(module.Mvid);

    /// <summary>The id <see cref="MarkWoven"/> gives the woven copy of a module whose id is <paramref name="original"/>.</summary>
    internal static Guid WovenModuleVersionId(Guid original)
    {
        using var sha = SHA256.Create();
        var bytes = sha.ComputeHash(Encoding.UTF8.GetBytes("AuditWeaver woven framework " + original.ToString("D"))).Take(16).ToArray();

        // A name-based (version 5) UUID of the RFC 4122 variant.
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    /// <summary>The manifest's text for <paramref name="assemblies"/> (name and woven module version id), in name order.</summary>
    internal static string Text(FrameworkWeaver weaver, IEnumerable<KeyValuePair<string, Guid>> assemblies)
    {
        var (wovenBy, remedy) = Origin(weaver);
        var text = new StringBuilder();
        text.Append("# The framework assemblies of this app woven by ").Append(wovenBy).Append(", by name and module version id.\n");
        text.Append("# AuditWeaver.dll refuses to run the app when one of them loads from another file (the framework was patched or\n");
        text.Append("# rolled forward since): weave the app again, or set AUDITWEAVER_ALLOW_DEGRADED=1 to run it with that one unaudited.\n");
        text.Append("woven-by ").Append(wovenBy).Append('\n');
        text.Append("remedy ").Append(remedy).Append('\n');
        foreach (var assembly in assemblies.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            text.Append("assembly ").Append(assembly.Key).Append(' ').Append(assembly.Value.ToString("D")).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Writes the manifest to <paramref name="path"/> whole (see <see cref="TextFile.WriteWhole"/>).</summary>
    internal static void Write(string path, FrameworkWeaver weaver, IEnumerable<KeyValuePair<string, Guid>> assemblies) =>
        TextFile.WriteWhole(path, Text(weaver, assemblies));

    // How the runtime's messages name the weave, and what to run again.
    private static (string WovenBy, string Remedy) Origin(FrameworkWeaver weaver) => weaver switch
    {
        FrameworkWeaver.Publish => ("a self-contained 'dotnet publish' with <AuditWeaver Framework=\"true\">", "dotnet publish the project again"),
        _ => ("'auditweaver weave --framework'", "auditweaver weave <app folder> --framework"),
    };
}
