using System.Collections.Generic;
using AuditWeaver.Catalog;
using AuditWeaver.Weaving;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace AuditWeaver.Fody.Engine;

/// <summary>
/// The state of one engine run over one module, shared by the methods woven in it: what matches, the runtime references
/// and site table being built, the thunks, and the sites and diagnostics recorded so far.
/// </summary>
internal sealed class ModuleRun
{
    private readonly WeaverOptions _options;
    private MethodGroupThunks? _thunks;

    internal ModuleRun(AuditCatalog catalog, WeaverOptions options, ModuleDefinition module, bool frameworkAssembly = false)
    {
        _options = options;
        Module = module;

        // Before anything is imported into the module: the scope asks which attribute types it names of its own.
        Scope = new WeaveScope(options, module);
        Rewrites = options.Mode == WeaveMode.Audit;
        Runtime = new RuntimeReferences(module);
        Table = new SiteTableBuilder(module, Runtime);
        Matcher = new ApiMatcher(catalog, options, module, frameworkAssembly);
        Overrides = new OverrideMatcher(catalog);
    }

    internal ModuleDefinition Module { get; }

    /// <summary>False in Report mode: sites are found and recorded, nothing is changed.</summary>
    internal bool Rewrites { get; }

    internal RuntimeReferences Runtime { get; }

    internal SiteTableBuilder Table { get; }

    internal ApiMatcher Matcher { get; }

    internal WeaveScope Scope { get; }

    internal OverrideMatcher Overrides { get; }

    internal MethodGroupThunks Thunks => _thunks ??= new MethodGroupThunks(Module, Table.Type);

    internal List<WovenSite> Sites { get; } = new();

    internal List<WeaveDiagnostic> Diagnostics { get; } = new();

    /// <summary>P/Invoke and UnsafeAccessor declarations are escape hatches worth listing even when never called here.</summary>
    internal void Declarations(MethodDefinition method)
    {
        if (method.IsPInvokeImpl && method.PInvokeInfo is { } info && !Matcher.IsOwnFrameworkDeclaration(method))
        {
            Report(DiagnosticIds.PInvokeDeclaration, "P/Invoke declaration " + CallerNames.TypeName(method.DeclaringType) + "." + method.Name + " enters native code in " + info.Module.Name + "!" + EscapeHatches.EntryPoint(method, info) + "; its call sites are audited as native.call.", method, null);
        }
        else if (EscapeHatches.UnsafeAccessor(method) != null)
        {
            Report(DiagnosticIds.UnsafeAccessorDeclaration, "UnsafeAccessor " + CallerNames.TypeName(method.DeclaringType) + "." + method.Name + " reaches a private member without reflection; its call sites are audited as type-mutation.unsafeaccessor.", method, null);
        }
    }

    /// <summary>Records a site in the report and, when rewriting, in the module's site table; returns its id there.</summary>
    internal int Record(MatchedApi api, string apiId, string caller, MethodDefinition method, Instruction instruction, SequencePoint? location)
    {
        var sourceFile = location?.Document.Url;
        var line = location?.StartLine;
        var id = Rewrites ? Table.Add(new SiteRecord(api.EventName!, api.ArgumentNames, apiId, caller, sourceFile, line, api.DenyReason)) : Sites.Count;
        Sites.Add(new WovenSite(id, api.EventName!, api.Category, apiId, caller, method.FullName, instruction.Offset, sourceFile, line, api.Denied) { MethodToken = method.MetadataToken.ToInt32() });
        return id;
    }

    /// <summary>A diagnostic at its configured severity (none: not at all).</summary>
    internal void Report(string id, string message, MethodDefinition method, SequencePoint? location)
    {
        var severity = _options.SeverityOf(id);
        if (severity == DiagnosticSeverity.None)
        {
            return;
        }

        Diagnostics.Add(new WeaveDiagnostic(id, severity, message, CallerNames.Describe(method), location?.Document.Url, location?.StartLine, location));
    }

    /// <summary>A diagnostic about a member that is not a method (a field), at its configured severity.</summary>
    internal void Report(string id, string message, string member)
    {
        var severity = _options.SeverityOf(id);
        if (severity != DiagnosticSeverity.None)
        {
            Diagnostics.Add(new WeaveDiagnostic(id, severity, message, member, null, null, null));
        }
    }

    /// <summary>The module's additions, once every method is woven: the site table and the module initializer.</summary>
    internal void Complete()
    {
        if (!Rewrites)
        {
            return;
        }

        Table.Complete();
        if (Sites.Count > 0)
        {
            ModuleInitializer.Add(Module, Runtime);
        }
    }
}
