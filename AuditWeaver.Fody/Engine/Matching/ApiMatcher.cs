using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AuditWeaver.Catalog;
using Mono.Cecil;

namespace AuditWeaver.Fody.Engine;

/// <summary>
/// Decides what a called member raises, in this order: the built-in catalog, the configured APIs (exact IDs, then
/// patterns), then an <c>[AuditedApi]</c> attribute on the member itself; then applies the event and category filters
/// and the deny rules.
/// </summary>
internal sealed class ApiMatcher
{
    private const string AuditedApiAttribute = "AuditWeaver.AuditedApiAttribute";
    private const string NativeCall = "native.call";
    private const string UnsafeAccessorEvent = "type-mutation.unsafeaccessor";

    // System.Runtime.CompilerServices.UnsafeAccessorKind, by value.
    private static readonly string[] s_unsafeAccessorKinds = { "Constructor", "Method", "StaticMethod", "Field", "StaticField" };
    private static readonly string[] s_unsafeAccessorNames = { "kind", "name", "type" };

    private readonly AuditCatalog _catalog;
    private readonly WeaverOptions _options;
    private readonly ModuleDefinition _module;
    private readonly bool _frameworkAssembly;
    private readonly Dictionary<string, CustomApi> _exactApis;
    private readonly List<CustomApi> _patternApis;
    private readonly Dictionary<string, MatchedApi?> _cache = new(StringComparer.Ordinal);
    private readonly Dictionary<MethodReference, MatchedApi?> _byReference = new(IdentityComparer<MethodReference>.Instance);
    private readonly Dictionary<string, bool> _assembliesThatMayAnnotate = new(StringComparer.Ordinal);
    private readonly CalleeFilter _catalogFilter;
    private readonly CalleeFilter _customFilter;

    internal ApiMatcher(AuditCatalog catalog, WeaverOptions options, ModuleDefinition module, bool frameworkAssembly = false)
    {
        _catalog = catalog;
        _options = options;
        _module = module;
        _frameworkAssembly = frameworkAssembly;
        _exactApis = options.CustomApis.Where(a => !a.IsPattern).GroupBy(a => a.MemberPattern, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        _patternApis = options.CustomApis.Where(a => a.IsPattern).ToList();
        _catalogFilter = CalleeFilter.For(catalog);
        _customFilter = CalleeFilter.ForIds(_exactApis.Keys);
    }

    internal MatchedApi? Match(MethodReference callee)
    {
        if (callee.CallingConvention == MethodCallingConvention.VarArg)
        {
            return null;
        }

        // Nearly every call in a module is to a framework member no rule names: names first, before building an ID.
        // Only framework members are filtered: a module's own and third-party members may carry [AuditedApi], be P/Invoke
        // or UnsafeAccessor declarations, which only their definitions tell.
        if (_patternApis.Count == 0 && IsFramework(callee) && !_catalogFilter.MayMatch(callee) && !_customFilter.MayMatch(callee))
        {
            return null;
        }

        // Cecil hands out one object per member reference or definition of the module: a callee met before is answered
        // without building its ID again (a scan meets millions of calls into the packages' own members). A generic
        // instantiation is a new object at each call, but its ID is its definition's: it is looked up by that.
        var key = callee is GenericInstanceMethod instance ? instance.ElementMethod : callee;
        if (_byReference.TryGetValue(key, out var known))
        {
            return known;
        }

        var id = DocumentationId.ForMethod(callee);
        if (!_cache.TryGetValue(id, out var match))
        {
            match = Find(id, callee);
            if (match?.EventName != null && !_options.AuditsEvent(match.EventName, match.Category))
            {
                // Filtered out: the event is not raised, but guards and reroutes still protect the call.
                match = match.Clauses.Count == 0 ? null : new MatchedApi(null, System.Array.Empty<string>(), System.Array.Empty<CatalogExpression>(), false, match.Origin, match.Clauses.Where(c => c.Kind != ClauseKind.Follow).ToList());
            }

            _cache.Add(id, match);
        }

        _byReference.Add(key, match);
        return match;
    }

    private MatchedApi? Find(string id, MethodReference callee)
    {
        if (_catalog.TryGetEntry(id, DefiningAssembly(callee), out var entry))
        {
            // Override clauses apply to the module's overrides of the member (OverrideMatcher), not to its call sites.
            var clauses = entry.Clauses.Where(c => c.Kind != ClauseKind.Override).ToList();
            var origin = "catalog line " + entry.Line.ToString(CultureInfo.InvariantCulture);
            return entry.Event == null
                ? clauses.Count == 0 ? null : new MatchedApi(null, System.Array.Empty<string>(), System.Array.Empty<CatalogExpression>(), false, origin, clauses)
                : new MatchedApi(entry.Event.Name, entry.Event.Arguments, entry.Arguments, _options.Denies(entry.Event.Name), origin, clauses);
        }

        var custom = _exactApis.TryGetValue(id, out var exact) ? exact : _patternApis.FirstOrDefault(a => Wildcard.IsMatch(a.MemberPattern, id));
        if (custom != null)
        {
            return custom.Arguments == null
                ? EveryParameter(custom.EventName, callee, "<Api " + custom.MemberPattern + "> in the configuration")
                : new MatchedApi(custom.EventName, custom.Arguments.Select(a => a.Name).ToList(), custom.Arguments.Select(a => a.Expression).ToList(), _options.Denies(custom.EventName), "<Api " + custom.MemberPattern + "> in the configuration");
        }

        var attribute = AuditedApiOf(callee);
        if (attribute != null)
        {
            return EveryParameter(attribute, callee, "[AuditedApi(\"" + attribute + "\")] on " + id.Substring(2));
        }

        return NativeEntry(callee) is { } native ? native : UnsafeAccessor(callee);
    }

    // Every call to a P/Invoke method (DllImport, or LibraryImport's generated inner declaration) enters native code.
    // But for a framework assembly's own declarations: those enter the framework's native shims (System.Native, the
    // OpenSSL and compression shims, the OS on Windows) to implement the framework's public members, which are audited
    // where they are called; raising native.call there would announce every socket read (docs/coverage.md).
    private MatchedApi? NativeEntry(MethodReference callee)
    {
        if (IsFramework(callee) || Definitions.TryResolve(callee) is not { IsPInvokeImpl: true, PInvokeInfo: { } info } definition)
        {
            return null;
        }

        if (IsOwnFrameworkDeclaration(definition))
        {
            return null;
        }

        return Fixed(NativeCall, new[] { "library", "entrypoint" }, new object?[] { info.Module.Name, EscapeHatches.EntryPoint(definition, info) }, "P/Invoke declaration " + definition.FullName);
    }

    // [UnsafeAccessor] externs reach private members without reflection. Into AuditWeaver itself they are refused outright:
    // woven code must not be able to reach the hook list.
    private MatchedApi? UnsafeAccessor(MethodReference callee)
    {
        if (IsFramework(callee) || Definitions.TryResolve(callee) is not { } definition)
        {
            return null;
        }

        var attribute = EscapeHatches.UnsafeAccessor(definition);
        if (attribute == null)
        {
            return null;
        }

        var kind = attribute.ConstructorArguments.FirstOrDefault().Value?.ToString();
        var kindName = kind != null && int.TryParse(kind, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? s_unsafeAccessorKinds.ElementAtOrDefault(value) ?? kind : kind;
        var name = attribute.Properties.FirstOrDefault(p => p.Name == "Name").Argument.Value as string ?? definition.Name;
        var target = definition.Parameters.FirstOrDefault()?.ParameterType ?? definition.ReturnType;
        var targetType = kindName == "Constructor" ? definition.ReturnType : target;
        ICustomAttributeProvider? targetDeclaration = kindName == "Constructor" ? definition.MethodReturnType : definition.Parameters.FirstOrDefault();
        var named = targetDeclaration == null ? null : EscapeHatches.UnsafeAccessorType(targetDeclaration);
        var values = new object?[] { kindName, name, named?.Type ?? targetType.GetElementType().FullName };
        var origin = "[UnsafeAccessor] " + definition.FullName;
        if (targetType.GetElementType().Scope is AssemblyNameReference { Name: RuntimeReferences.AssemblyName } || named?.Assembly == RuntimeReferences.AssemblyName)
        {
            // Refused whatever the configuration says.
            return new MatchedApi(UnsafeAccessorEvent, s_unsafeAccessorNames, values.Select(v => (CatalogExpression)new LiteralExpression(v)).ToList(), true, origin, null, "an UnsafeAccessor into AuditWeaver's own members is refused: audit hooks cannot be removed or replaced.");
        }

        return Fixed(UnsafeAccessorEvent, s_unsafeAccessorNames, values, origin);
    }

    // The assembly a package entry must name: the reference's scope, or the module's own assembly for its own members.
    private string? DefiningAssembly(MethodReference callee) => callee.DeclaringType.GetElementType().Scope switch
    {
        AssemblyNameReference reference => reference.Name,
        ModuleDefinition module => module.Assembly?.Name.Name,
        ModuleReference => _module.Assembly?.Name.Name,
        _ => null,
    };

    internal MatchedApi? Fixed(string eventName, string[] names, object?[] values, string origin) =>
        _options.AuditsEvent(eventName, CatalogCategories.CategoryOf(eventName))
            ? new MatchedApi(eventName, names, values.Select(v => (CatalogExpression)new LiteralExpression(v)).ToList(), _options.Denies(eventName), origin)
            : null;

    /// <summary>The module is an assembly of the .NET framework, woven with the framework (<c>--framework</c>).</summary>
    internal bool IsFrameworkAssembly => _frameworkAssembly;

    /// <summary>A P/Invoke declared by the framework assembly being woven, which raises no native.call.</summary>
    internal bool IsOwnFrameworkDeclaration(MethodDefinition declaration) => _frameworkAssembly && declaration.Module == _module;

    private static bool IsFramework(MethodReference callee) =>
        callee.DeclaringType.GetElementType().Scope is AssemblyNameReference { Name: var name }
        && (name.StartsWith("System.", StringComparison.Ordinal) || name.StartsWith("Microsoft.", StringComparison.Ordinal) || name is "System" or "mscorlib" or "netstandard" or "WindowsBase");

    private MatchedApi EveryParameter(string eventName, MethodReference callee, string origin)
    {
        var definition = Definitions.TryResolve(callee);
        var names = callee.Parameters.Select((p, i) =>
            definition != null && i < definition.Parameters.Count && definition.Parameters[i].Name.Length > 0
                ? definition.Parameters[i].Name
                : "arg" + i.ToString(CultureInfo.InvariantCulture)).ToList();
        var expressions = callee.Parameters.Select((p, i) => (CatalogExpression)new ParameterExpression(i)).ToList();
        return new MatchedApi(eventName, names, expressions, _options.Denies(eventName), origin);
    }

    // Only the module itself and assemblies that reference the runtime can carry [AuditedApi]; resolving every other
    // callee would cost time for nothing.
    private string? AuditedApiOf(MethodReference callee)
    {
        var scope = callee.DeclaringType.GetElementType().Scope;
        if (scope is AssemblyNameReference assembly && !MayAnnotate(assembly))
        {
            return null;
        }

        var definition = Definitions.TryResolve(callee);
        var attribute = definition?.CustomAttributes.FirstOrDefault(a => a.AttributeType.FullName == AuditedApiAttribute);
        return attribute?.ConstructorArguments.FirstOrDefault().Value as string;
    }

    private bool MayAnnotate(AssemblyNameReference reference)
    {
        if (!_assembliesThatMayAnnotate.TryGetValue(reference.Name, out var may))
        {
            try
            {
                var assembly = _module.AssemblyResolver.Resolve(reference);
                may = assembly != null && assembly.Modules.Any(m => m.AssemblyReferences.Any(r => r.Name == RuntimeReferences.AssemblyName));
            }
            catch (AssemblyResolutionException)
            {
                may = false;
            }

            _assembliesThatMayAnnotate.Add(reference.Name, may);
        }

        return may;
    }
}
