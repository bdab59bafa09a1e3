using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AuditWeaver.Fody.Engine;
using Mono.Cecil;

namespace Tests.Infrastructure;

/// <summary>The framework's reference assemblies (the public API surface), read once with Cecil.</summary>
internal static class ReferencePack
{
    private static readonly Lazy<Loaded> s_loaded = new(Load);

    /// <summary>Every public type by its documentation-comment ID (<c>T:System.IO.File</c>).</summary>
    internal static IReadOnlyDictionary<string, TypeDefinition> Types => s_loaded.Value.Types;

    /// <summary>Every public or protected method (accessors included) by documentation-comment ID.</summary>
    internal static IReadOnlyDictionary<string, MethodDefinition> Methods => s_loaded.Value.Methods;

    internal static IAssemblyResolver Resolver => s_loaded.Value.Resolver;

    internal static IEnumerable<MethodDefinition> VisibleMethods(TypeDefinition type) =>
        type.Methods.Where(m => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly);

    private static Loaded Load()
    {
        var resolver = new DefaultAssemblyResolver();
        resolver.AddSearchDirectory(Paths.ReferencePack);
        var types = new Dictionary<string, TypeDefinition>(StringComparer.Ordinal);
        var methods = new Dictionary<string, MethodDefinition>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(Paths.ReferencePack, "*.dll"))
        {
            var module = ModuleDefinition.ReadModule(file, new ReaderParameters { AssemblyResolver = resolver });
            foreach (var type in module.GetTypes().Where(IsVisible))
            {
                types[DocumentationId.ForType(type)] = type;
                foreach (var method in VisibleMethods(type))
                {
                    methods[DocumentationId.ForMethod(method)] = method;
                }
            }
        }

        return new Loaded(types, methods, resolver);
    }

    private static bool IsVisible(TypeDefinition type) =>
        type.IsPublic || (type.IsNestedPublic && IsVisible(type.DeclaringType));

    private sealed record Loaded(Dictionary<string, TypeDefinition> Types, Dictionary<string, MethodDefinition> Methods, IAssemblyResolver Resolver);
}
