using System;
using System.Linq;
using AuditWeaver.Catalog;
using Mono.Cecil;

namespace AuditWeaver.Fody.Engine;

/// <summary>
/// The weaving engine: finds every call to an audited member in a module and makes it raise its audit event first (or,
/// in Report mode, only lists the call sites), routes method groups and function pointers of audited members through
/// audited thunks, audits unmanaged calli, and reports what it cannot attribute. Each method is woven by a
/// <see cref="MethodWeaver"/>; the fronts weave a module through <see cref="AssemblyWeaving"/>, which runs this class.
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
    public WeaveResult Weave(ModuleDefinition module) => Weave(module, frameworkAssembly: false);

    /// <summary>
    /// Weaves <paramref name="module"/>; <paramref name="frameworkAssembly"/> says it is an assembly of the .NET framework
    /// itself (<c>auditweaver weave --framework</c>), whose calls into its own native shims raise no native.call.
    /// </summary>
    public WeaveResult Weave(ModuleDefinition module, bool frameworkAssembly) => Weave(module, frameworkAssembly, null);

    /// <summary>
    /// As <see cref="Weave(ModuleDefinition, bool)"/>, and shows <paramref name="examined"/> every method of the module once
    /// the engine is done with it, body still decoded: a scan reads each body's calls there, so that a body is decoded
    /// once and dropped at once instead of every body of the assembly being held at the same time.
    /// </summary>
    internal WeaveResult Weave(ModuleDefinition module, bool frameworkAssembly, Action<MethodDefinition>? examined)
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

        var run = new ModuleRun(_catalog, _options, module, frameworkAssembly);
        var failed = false;
        var types = module.GetTypes().Where(t => !SiteTableBuilder.IsSitesType(t)).ToList();
        if (!run.Rewrites)
        {
            // Unsafe code is only listed: no event is raised for it, so weaving never looks for it.
            foreach (var type in types)
            {
                UnsafeConstructs.Fields(run, type);
            }
        }

        foreach (var method in types.SelectMany(t => t.Methods).ToList())
        {
            // A body that was not decoded when the engine came to it, and that it left unchanged, goes back to Cecil:
            // Cecil then copies its bytes on write instead of encoding it again.
            var decodedBefore = !method.HasBody || DecodedBodies.IsDecoded(method);
            var changed = false;
            var woven = method.HasBody && run.Scope.Weaves(method);
            run.Declarations(method);
            if (!run.Rewrites && (!method.HasBody || woven))
            {
                UnsafeConstructs.Method(run, method);
            }

            if (woven)
            {
                try
                {
                    changed = new MethodWeaver(run, method).Weave();
                }
                catch (AuditWeavingException exception)
                {
                    _log.Error(exception.Message + " In " + method.FullName + ".", exception.Location);
                    failed = true;
                    changed = true;
                }
            }

            examined?.Invoke(method);
            if (!decodedBefore && !changed)
            {
                DecodedBodies.Release(method);
            }
        }

        run.Complete();
        return new WeaveResult(false, _options.Mode, failed ? Array.Empty<WovenSite>() : run.Sites, run.Diagnostics);
    }
}
