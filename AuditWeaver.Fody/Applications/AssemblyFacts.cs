using System;
using System.Linq;
using AuditWeaver.Fody.Engine;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace AuditWeaver.Fody.Applications;

/// <summary>
/// What one file's headers and metadata say, read once and cheaply (Cecil's deferred mode reads no method body): whether it
/// is an assembly at all, the facts that decide whether it is woven, and how a woven copy must be written back. Both
/// fronts read files through here, so that the build and the command-line tool judge an assembly alike.
/// </summary>
internal sealed class AssemblyFacts
{
    private AssemblyFacts()
    {
    }

    /// <summary>A PE file without a CLI header: an apphost, a native library.</summary>
    internal bool IsNative { get; private set; }

    /// <summary>A module of a multi-module assembly, which has no assembly manifest of its own.</summary>
    internal bool IsModuleOnly { get; private set; }

    internal string Name { get; private set; } = string.Empty;

    internal Version Version { get; private set; } = new();

    internal string Culture { get; private set; } = string.Empty;

    /// <summary>The assembly's public key; empty when it has no strong name.</summary>
    internal byte[] PublicKey { get; private set; } = Array.Empty<byte>();

    /// <summary>The assembly has a public key (its identity includes it), whether or not the signature is there.</summary>
    internal bool HasPublicKey => PublicKey.Length > 0;

    internal bool IsSigned { get; private set; }

    /// <summary>It carries precompiled native code beside its IL (the CLR header's IL-library flag, as crossgen writes it).</summary>
    internal bool IsReadyToRun { get; private set; }

    /// <summary>Neither IL only nor ReadyToRun: C++/CLI native code beside the IL.</summary>
    internal bool IsMixedMode { get; private set; }

    internal bool HasEmbeddedPdb { get; private set; }

    internal bool IsReferenceAssembly { get; private set; }

    /// <summary>No method is defined at all (a resource-only satellite has none).</summary>
    internal bool HasNoMethods { get; private set; }

    /// <summary>The engine's marker type is there: the assembly was woven before.</summary>
    internal bool IsWoven { get; private set; }

    /// <summary>It references the AuditWeaver runtime (woven code does), so an app that loads it needs AuditWeaver.dll.</summary>
    internal bool ReferencesRuntime { get; private set; }

    /// <summary>The module version id (a woven framework copy's is its own: <see cref="FrameworkManifest"/>).</summary>
    internal Guid ModuleVersionId { get; private set; }

    /// <summary>The TargetFrameworkAttribute's name (<c>.NETCoreApp,Version=v8.0</c>, <c>.NETStandard,Version=v2.0</c>), or null.</summary>
    internal string? TargetFramework { get; private set; }

    /// <summary>
    /// Reads the facts of <paramref name="path"/>. Throws what Cecil throws for a file whose metadata cannot be read
    /// (BadImageFormatException and others) and IOException for one that cannot be opened: the caller names the file.
    /// </summary>
    internal static AssemblyFacts Read(string path)
    {
        if (!PortableExecutableProbe.HasCliHeader(path))
        {
            return new AssemblyFacts { IsNative = true };
        }

        using var module = ModuleDefinition.ReadModule(path, new ReaderParameters { ReadingMode = ReadingMode.Deferred, ReadSymbols = false });
        var facts = new AssemblyFacts();
        if (module.Assembly == null)
        {
            facts.IsModuleOnly = true;
            return facts;
        }

        var name = module.Assembly.Name;
        facts.Name = name.Name;
        facts.ModuleVersionId = module.Mvid;
        facts.Version = name.Version;
        facts.Culture = name.Culture ?? string.Empty;
        facts.PublicKey = name.PublicKey ?? Array.Empty<byte>();
        facts.IsSigned = (module.Attributes & ModuleAttributes.StrongNameSigned) != 0;
        facts.IsReadyToRun = (module.Attributes & ModuleAttributes.ILLibrary) != 0;
        facts.IsMixedMode = (module.Attributes & ModuleAttributes.ILOnly) == 0 && !facts.IsReadyToRun;
        facts.HasEmbeddedPdb = module.HasDebugHeader && module.GetDebugHeader().Entries.Any(e => e.Directory.Type == ImageDebugType.EmbeddedPortablePdb);
        facts.IsReferenceAssembly = module.Assembly.CustomAttributes.Any(a => a.AttributeType.FullName == "System.Runtime.CompilerServices.ReferenceAssemblyAttribute");
        facts.HasNoMethods = !module.GetTypes().Any(t => t.HasMethods);
        facts.IsWoven = module.Types.Any(SiteTableBuilder.IsSitesType);
        facts.ReferencesRuntime = module.AssemblyReferences.Any(r => r.Name == RuntimeReferences.AssemblyName);
        facts.TargetFramework = module.Assembly.CustomAttributes
            .Where(a => a.AttributeType.FullName == "System.Runtime.Versioning.TargetFrameworkAttribute" && a.HasConstructorArguments)
            .Select(a => a.ConstructorArguments[0].Value as string)
            .FirstOrDefault(n => n != null);
        return facts;
    }
}
