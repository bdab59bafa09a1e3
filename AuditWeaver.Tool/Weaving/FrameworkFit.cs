using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AuditWeaver.Fody.Engine;
using AuditWeaver.Tool.Inputs;
using Mono.Cecil;

namespace AuditWeaver.Tool.Weaving;

/// <summary>
/// Whether a self-contained app's own framework has what the woven app will call. Trimming (PublishTrimmed) keeps only
/// the framework members the app's code used when it was published: AuditWeaver.dll and the argument reads woven into
/// call sites may need others, and the app would die with MissingMethodException at run time. Every type and member the
/// weave added, and every one the runtime references, is resolved in the app's folder alone, before any of the app's
/// files is written. A framework-dependent app runs on a whole shared framework and is not checked.
/// </summary>
internal sealed class FrameworkFit : IDisposable
{
    private const int Named = 3;

    private readonly ApplicationFolder _application;
    private readonly ToolAssemblyResolver _resolver;
    private readonly MetadataResolver _metadata;
    private readonly List<string> _missing = new();

    private FrameworkFit(ApplicationFolder application)
    {
        _application = application;
        _resolver = new ToolAssemblyResolver(new[] { application.FullPath });
        _metadata = new MetadataResolver(_resolver);
    }

    /// <summary>A check for a self-contained app; null for one that runs on a shared framework.</summary>
    internal static FrameworkFit? For(ApplicationFolder application) => application.IsSelfContained ? new FrameworkFit(application) : null;

    /// <summary>Resolves what the weave added to <paramref name="neededBy"/> (AuditWeaver's own members are the runtime's).</summary>
    internal void Check(IEnumerable<MemberReference> added, string neededBy)
    {
        // An array's methods (Get, Set, Address) are the runtime's own, defined by no assembly.
        foreach (var reference in added.Where(r => Scope(r) != RuntimeReferences.AssemblyName && r.DeclaringType is not ArrayType))
        {
            if (Missing(reference) is { } missing)
            {
                _missing.Add(missing + " (needed by " + neededBy + ")");
            }
        }
    }

    /// <summary>Resolves every type and member the runtime build at <paramref name="runtimePath"/> references.</summary>
    internal void CheckRuntime(string runtimePath)
    {
        using var runtime = ModuleDefinition.ReadModule(runtimePath, new ReaderParameters { AssemblyResolver = _resolver, InMemory = true });
        Check(runtime.GetTypeReferences().Cast<MemberReference>().Concat(runtime.GetMemberReferences()), Path.GetFileName(runtimePath));
    }

    /// <summary>One line saying what the app's framework lacks, or null when it has everything.</summary>
    internal string? Problem()
    {
        var missing = _missing.Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count == 0)
        {
            return null;
        }

        return _application.Name + ": the app's own framework (trimmed when it was published) lacks what the woven app would call: "
            + string.Join(", ", missing.Take(Named)) + (missing.Count > Named ? " and " + (missing.Count - Named) + " more" : string.Empty)
            + "; nothing was written for this app. Publish it without PublishTrimmed, or weave it at build time with the AuditWeaver.Fody package.";
    }

    public void Dispose() => _resolver.Dispose();

    private static string? Scope(MemberReference reference)
    {
        var type = (reference.DeclaringType ?? reference as TypeReference)?.GetElementType();
        while (type?.DeclaringType != null)
        {
            type = type.DeclaringType;
        }

        return type?.Scope switch
        {
            AssemblyNameReference assembly => assembly.Name,
            ModuleDefinition module => module.Assembly?.Name.Name,
            _ => null,
        };
    }

    // The member's documentation ID when it is missing (or the assembly, when that is missing whole); null when it resolves.
    private string? Missing(MemberReference reference)
    {
        try
        {
            return reference switch
            {
                MethodReference method => _metadata.Resolve(method) == null ? DocumentationId.ForMethod(method) : null,
                FieldReference field => _metadata.Resolve(field) == null ? "F:" + DocumentationId.ForType(field.DeclaringType).Substring(2) + "." + field.Name : null,
                TypeReference type => _metadata.Resolve(type) == null ? DocumentationId.ForType(type) : null,
                _ => null,
            };
        }
        catch (AssemblyResolutionException exception)
        {
            return exception.AssemblyReference.Name + ".dll (the whole assembly)";
        }
    }
}
