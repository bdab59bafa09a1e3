using System;
using System.Collections.Generic;
using System.Linq;
using AuditWeaver.Catalog;
using AuditWeaver.Weaving;
using Mono.Cecil;
using Mono.Cecil.Rocks;

namespace AuditWeaver.Fody.Engine;

/// <summary>
/// The weaving engine: finds every call to an audited member in a module and makes it raise its audit event first (or,
/// in Report mode, only lists the call sites). Fody's <c>ModuleWeaver</c> and the command-line tool are thin fronts over
/// this class.
/// </summary>
public sealed class AuditWeavingEngine
{
    private readonly AuditCatalog _catalog;
    private readonly WeaverOptions _options;
    private readonly IWeaverLog _log;

    public AuditWeavingEngine(WeaverOptions options, IWeaverLog log)
        : this(AuditCatalog.BuiltIn, options, log)
    {
    }

    internal AuditWeavingEngine(AuditCatalog catalog, WeaverOptions options, IWeaverLog log)
    {
        _catalog = catalog;
        _options = options;
        _log = log;
    }

    /// <summary>
    /// Weaves <paramref name="module"/> in memory; the caller writes it. User mistakes are reported to the log (the run
    /// goes on, so that all of them are reported) and the result then has no sites; bugs propagate as exceptions.
    /// </summary>
    public WeaveResult Weave(ModuleDefinition module)
    {
        if (module.Assembly?.Name.Name == RuntimeReferences.AssemblyName)
        {
            throw new AuditWeavingException("AuditWeaver.dll is the runtime library and is never woven: woven code calls into it, and auditing it would audit the hooks themselves.");
        }

        if (SiteTableBuilder.IsWoven(module))
        {
            _log.Info(module.Name + " is already woven by AuditWeaver; nothing to do.");
            return new WeaveResult(true, _options.Mode, Array.Empty<WovenSite>(), Array.Empty<WeaveDiagnostic>());
        }

        var rewrite = _options.Mode == WeaveMode.Audit;
        var runtime = new RuntimeReferences(module);
        var table = new SiteTableBuilder(module, runtime);
        var matcher = new ApiMatcher(_catalog, _options, module);
        var scope = new WeaveScope(_options);
        var sites = new List<WovenSite>();
        var failed = false;
        foreach (var method in module.GetTypes().Where(t => !SiteTableBuilder.IsSitesType(t)).SelectMany(t => t.Methods).Where(m => m.HasBody).ToList())
        {
            if (!scope.Weaves(method))
            {
                continue;
            }

            try
            {
                WeaveMethod(module, runtime, table, matcher, method, sites, rewrite);
            }
            catch (AuditWeavingException exception)
            {
                _log.Error(exception.Message + " In " + method.FullName + ".", exception.Location);
                failed = true;
            }
        }

        if (rewrite)
        {
            table.Complete();
            if (sites.Count > 0)
            {
                ModuleInitializer.Add(module, runtime);
            }
        }

        return new WeaveResult(false, _options.Mode, failed ? Array.Empty<WovenSite>() : sites, Array.Empty<WeaveDiagnostic>());
    }

    private static void WeaveMethod(ModuleDefinition module, RuntimeReferences runtime, SiteTableBuilder table, ApiMatcher matcher, MethodDefinition method, List<WovenSite> sites, bool rewrite)
    {
        var matches = new List<(CallSite Site, MatchedApi Api)>();
        foreach (var instruction in method.Body.Instructions)
        {
            if (CallSite.IsCall(instruction) && matcher.Match((MethodReference)instruction.Operand) is { } api)
            {
                matches.Add((CallSite.Create(instruction), api));
            }
        }

        if (matches.Count == 0)
        {
            return;
        }

        var locations = new SourceLocations(method);
        var caller = CallerNames.Describe(method);
        var weaver = rewrite ? new SiteWeaver(module, runtime, table.Table, method) : null;
        if (rewrite)
        {
            method.Body.SimplifyMacros();
        }

        foreach (var (site, api) in matches)
        {
            var location = locations.Find(site.Call);
            var id = -1;
            if (api.EventName != null)
            {
                // A clause-only match (a guard) raises nothing and is not an audited site.
                var apiId = DocumentationId.ForMethod(site.Callee);
                var sourceFile = location?.Document.Url;
                var line = location?.StartLine;
                id = rewrite ? table.Add(new SiteRecord(api.EventName, api.ArgumentNames, apiId, caller, sourceFile, line)) : sites.Count;
                sites.Add(new WovenSite(id, api.EventName, api.Category, apiId, caller, method.FullName, site.Call.Offset, sourceFile, line, api.Denied));
            }

            weaver?.Weave(site, api, id, location);
        }

        if (rewrite)
        {
            method.Body.OptimizeMacros();
        }
    }
}
