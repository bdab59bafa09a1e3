using System;
using System.Collections.Generic;
using System.Linq;
using AuditWeaver.Catalog;
using AuditWeaver.Weaving;
using Mono.Cecil;
using Mono.Cecil.Rocks;

namespace AuditWeaver.Fody.Engine;

/// <summary>
/// The weaving engine: finds every call to a cataloged member in a module and makes it raise its audit event first.
/// Fody's <c>ModuleWeaver</c> and the command-line tool are thin fronts over this class.
/// </summary>
public sealed class AuditWeavingEngine
{
    private readonly AuditCatalog _catalog;
    private readonly CalleeFilter _filter;
    private readonly WeaverOptions _options;
    private readonly IWeaverLog _log;

    public AuditWeavingEngine(WeaverOptions options, IWeaverLog log)
        : this(AuditCatalog.BuiltIn, options, log)
    {
    }

    internal AuditWeavingEngine(AuditCatalog catalog, WeaverOptions options, IWeaverLog log)
    {
        _catalog = catalog;
        _filter = CalleeFilter.For(catalog);
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
            return new WeaveResult(true, Array.Empty<WovenSite>());
        }

        var runtime = new RuntimeReferences(module);
        var table = new SiteTableBuilder(module, runtime);
        var sites = new List<WovenSite>();
        var failed = false;
        foreach (var type in module.GetTypes().ToList())
        {
            if (SiteTableBuilder.IsSitesType(type))
            {
                continue;
            }

            foreach (var method in type.Methods.Where(m => m.HasBody))
            {
                var decodedBefore = DecodedBodies.IsDecoded(method);
                try
                {
                    if (!WeaveMethod(module, runtime, table, method, sites) && !decodedBefore)
                    {
                        DecodedBodies.Release(method);
                    }
                }
                catch (AuditWeavingException exception)
                {
                    _log.Error(exception.Message + " In " + method.FullName + ".", exception.Location);
                    failed = true;
                }
            }
        }

        table.Complete();
        if (sites.Count > 0)
        {
            ModuleInitializer.Add(module, runtime);
        }

        return new WeaveResult(false, failed ? Array.Empty<WovenSite>() : sites);
    }

    /// <summary>Weaves the audited call sites of one method; false when it has none and was left as it was.</summary>
    private bool WeaveMethod(ModuleDefinition module, RuntimeReferences runtime, SiteTableBuilder table, MethodDefinition method, List<WovenSite> sites)
    {
        var matches = new List<(CallSite Site, CatalogEntry Entry)>();
        foreach (var instruction in method.Body.Instructions)
        {
            if (CallSite.IsCall(instruction) && TryMatch((MethodReference)instruction.Operand, out var entry))
            {
                matches.Add((CallSite.Create(instruction), entry));
            }
        }

        if (matches.Count == 0)
        {
            return false;
        }

        var locations = new SourceLocations(method);
        var caller = CallerNames.Describe(method);
        var weaver = new SiteWeaver(module, runtime, table.Table, method);
        method.Body.SimplifyMacros();
        foreach (var (site, entry) in matches)
        {
            var location = locations.Find(site.Call);
            var api = DocumentationId.ForMethod(site.Callee);
            var sourceFile = location?.Document.Url;
            var line = location?.StartLine;
            var id = table.Add(new SiteRecord(entry.Event.Name, entry.Event.Arguments, api, caller, sourceFile, line));
            sites.Add(new WovenSite(id, entry.Event.Name, entry.Event.Category, api, caller, method.FullName, site.Call.Offset, sourceFile, line));
            weaver.Weave(site, entry, id, location);
        }

        method.Body.OptimizeMacros();
        return true;
    }

    private bool TryMatch(MethodReference callee, out CatalogEntry entry)
    {
        if (callee.CallingConvention == MethodCallingConvention.VarArg || !_filter.MayMatch(callee))
        {
            entry = null!;
            return false;
        }

        return _catalog.TryGetEntry(DocumentationId.ForMethod(callee), out entry) && _options.Audits(entry.Event.Category);
    }
}
