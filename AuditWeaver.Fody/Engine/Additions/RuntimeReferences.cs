using System;
using System.Collections.Generic;
using System.Linq;
using Mono.Cecil;

namespace AuditWeaver.Fody.Engine;

/// <summary>
/// References from the woven module to the runtime library, built by name so that weaving never needs the runtime
/// assembly on disk (a third-party DLL woven by the command-line tool does not reference it yet). These members are the
/// binary contract between woven code and the runtime: they are only ever added to, never changed.
/// </summary>
internal sealed class RuntimeReferences
{
    internal const string AssemblyName = "AuditWeaver";

    // The runtime's strong name: build/AuditWeaver.snk. A test checks it against the built runtime.
    internal static readonly byte[] PublicKeyToken = { 0xE5, 0xC0, 0x83, 0xFC, 0xCB, 0xB8, 0xAD, 0xB6 };

    internal static readonly Version AssemblyVersion = new(1, 0, 0, 0);

    private readonly ModuleDefinition _module;
    private readonly Dictionary<int, MethodReference> _raise = new();
    private readonly Dictionary<int, MethodReference> _deny = new();
    private readonly Dictionary<string, MethodReference> _functions = new(StringComparer.Ordinal);
    private AssemblyNameReference? _scope;
    private MethodReference? _isEnabled;
    private MethodReference? _tableConstructor;
    private MethodReference? _moduleStartup;
    private TypeReference? _siteTable;
    private MethodReference? _raiseScalars;
    private MethodReference? _denyScalars;

    internal RuntimeReferences(ModuleDefinition module)
    {
        _module = module;
    }

    /// <summary><c>bool AuditWeaver.Audit::get_IsEnabled()</c>.</summary>
    internal MethodReference IsEnabled => _isEnabled ??= StaticMethod(RuntimeType("AuditWeaver", "Audit"), "get_IsEnabled", _module.TypeSystem.Boolean);

    /// <summary><c>void AuditWeaver.Weaving.ModuleStartup::Run()</c>.</summary>
    internal MethodReference ModuleStartup => _moduleStartup ??= StaticMethod(RuntimeType("AuditWeaver.Weaving", "ModuleStartup"), "Run", _module.TypeSystem.Void);

    /// <summary><c>AuditWeaver.Weaving.SiteTable</c>.</summary>
    internal TypeReference SiteTable => _siteTable ??= RuntimeType("AuditWeaver.Weaving", "SiteTable");

    /// <summary><c>SiteTable::.ctor(string)</c>.</summary>
    internal MethodReference SiteTableConstructor => _tableConstructor ??= InstanceMethod(SiteTable, ".ctor", _module.TypeSystem.Void, _module.TypeSystem.String);

    /// <summary>
    /// <c>SiteTable::Raise(int, object, ...)</c> for up to four arguments, or <c>Raise(int, object[])</c> for
    /// <paramref name="arity"/> -1.
    /// </summary>
    internal MethodReference Raise(int arity) => SiteMethod("Raise", arity, _raise);

    /// <summary><c>SiteTable::Deny(int, object, ...)</c>, like <see cref="Raise"/>, for call sites denied at build time.</summary>
    internal MethodReference Deny(int arity) => SiteMethod("Deny", arity, _deny);

    /// <summary><c>SiteTable::Raise(int, long, object, object, object, object)</c>: value types packed into the long.</summary>
    internal MethodReference RaiseScalars => _raiseScalars ??= ScalarsMethod("Raise");

    /// <summary><c>SiteTable::Deny(int, long, object, object, object, object)</c>.</summary>
    internal MethodReference DenyScalars => _denyScalars ??= ScalarsMethod("Deny");

    private MethodReference ScalarsMethod(string name)
    {
        var parameters = new List<TypeReference> { _module.TypeSystem.Int32, _module.TypeSystem.Int64 };
        parameters.AddRange(Enumerable.Repeat(_module.TypeSystem.Object, 4));
        return InstanceMethod(SiteTable, name, _module.TypeSystem.Void, parameters.ToArray());
    }

    private MethodReference SiteMethod(string name, int arity, Dictionary<int, MethodReference> cache)
    {
        if (!cache.TryGetValue(arity, out var method))
        {
            var parameters = new List<TypeReference> { _module.TypeSystem.Int32 };
            if (arity < 0)
            {
                parameters.Add(new ArrayType(_module.TypeSystem.Object));
            }
            else
            {
                parameters.AddRange(Enumerable.Repeat(_module.TypeSystem.Object, arity));
            }

            method = InstanceMethod(SiteTable, name, _module.TypeSystem.Void, parameters.ToArray());
            cache.Add(arity, method);
        }

        return method;
    }

    /// <summary><c>object ArgumentFunctions::Name(object, ...)</c> for a catalog function.</summary>
    internal MethodReference Function(string name, int arity)
    {
        if (!_functions.TryGetValue(name, out var method))
        {
            method = StaticMethod(
                RuntimeType("AuditWeaver.Weaving", "ArgumentFunctions"),
                Catalog.CatalogFunctions.MethodName(name),
                _module.TypeSystem.Object,
                Enumerable.Repeat(_module.TypeSystem.Object, arity).ToArray());
            _functions.Add(name, method);
        }

        return method;
    }

    /// <summary>
    /// <c>RouteFunctions::Name(SiteTable, int, object, ...)</c>: the site comes first so that events the runtime raises
    /// on the call's behalf (reflection targets, wrapped delegates) carry its caller and source line.
    /// </summary>
    internal MethodReference Route(string name, int arity, bool returnsValue)
    {
        var key = "route:" + name;
        if (!_functions.TryGetValue(key, out var method))
        {
            var parameters = new List<TypeReference> { SiteTable, _module.TypeSystem.Int32 };
            parameters.AddRange(Enumerable.Repeat(_module.TypeSystem.Object, arity));
            method = StaticMethod(
                RuntimeType("AuditWeaver.Weaving", "RouteFunctions"),
                Catalog.CatalogFunctions.MethodName(name),
                returnsValue ? _module.TypeSystem.Object : _module.TypeSystem.Void,
                parameters.ToArray());
            _functions.Add(key, method);
        }

        return method;
    }

    private AssemblyNameReference Scope => _scope ??= FindOrAddRuntimeReference();

    private AssemblyNameReference FindOrAddRuntimeReference()
    {
        var existing = _module.AssemblyReferences.FirstOrDefault(r => r.Name == AssemblyName);
        if (existing != null)
        {
            return existing;
        }

        var reference = new AssemblyNameReference(AssemblyName, AssemblyVersion) { PublicKeyToken = PublicKeyToken };
        _module.AssemblyReferences.Add(reference);
        return reference;
    }

    private TypeReference RuntimeType(string @namespace, string name) => new(@namespace, name, _module, Scope);

    private MethodReference StaticMethod(TypeReference type, string name, TypeReference returnType, params TypeReference[] parameters) =>
        Method(type, name, returnType, hasThis: false, parameters);

    private MethodReference InstanceMethod(TypeReference type, string name, TypeReference returnType, params TypeReference[] parameters) =>
        Method(type, name, returnType, hasThis: true, parameters);

    private static MethodReference Method(TypeReference type, string name, TypeReference returnType, bool hasThis, TypeReference[] parameters)
    {
        var method = new MethodReference(name, returnType, type) { HasThis = hasThis };
        foreach (var parameter in parameters)
        {
            method.Parameters.Add(new ParameterDefinition(parameter));
        }

        return method;
    }
}
