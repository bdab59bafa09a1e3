using System;
using System.Collections.Generic;
using System.Linq;
using AuditWeaver.Catalog;
using AuditWeaver.Weaving;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;

namespace AuditWeaver.Fody.Engine;

/// <summary>
/// The weaving engine: finds every call to an audited member in a module and makes it raise its audit event first (or,
/// in Report mode, only lists the call sites), routes method groups and function pointers of audited members through
/// audited thunks, audits unmanaged calli, and reports what it cannot attribute. Fody's <c>ModuleWeaver</c> and the
/// command-line tool are thin fronts over this class.
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

        var run = new Run(this, module);
        var failed = false;
        foreach (var method in module.GetTypes().Where(t => !SiteTableBuilder.IsSitesType(t)).SelectMany(t => t.Methods).ToList())
        {
            run.Declarations(method);
            if (!method.HasBody || !run.Scope.Weaves(method))
            {
                continue;
            }

            var decodedBefore = DecodedBodies.IsDecoded(method);
            try
            {
                if (!run.Method(method) && !decodedBefore)
                {
                    // Unchanged: Cecil copies the body's bytes on write instead of encoding it again.
                    DecodedBodies.Release(method);
                }
            }
            catch (AuditWeavingException exception)
            {
                _log.Error(exception.Message + " In " + method.FullName + ".", exception.Location);
                failed = true;
            }
        }

        run.Complete();
        return new WeaveResult(false, _options.Mode, failed ? Array.Empty<WovenSite>() : run.Sites, run.Diagnostics);
    }

    /// <summary>The state of one weaving run over one module.</summary>
    private sealed class Run
    {
        private readonly AuditWeavingEngine _engine;
        private readonly ModuleDefinition _module;
        private readonly bool _rewrite;
        private readonly RuntimeReferences _runtime;
        private readonly SiteTableBuilder _table;
        private readonly ApiMatcher _matcher;
        private MethodGroupThunks? _thunks;

        internal Run(AuditWeavingEngine engine, ModuleDefinition module)
        {
            _engine = engine;
            _module = module;
            _rewrite = engine._options.Mode == WeaveMode.Audit;
            _runtime = new RuntimeReferences(module);
            _table = new SiteTableBuilder(module, _runtime);
            _matcher = new ApiMatcher(engine._catalog, engine._options, module);
            Scope = new WeaveScope(engine._options);
        }

        internal WeaveScope Scope { get; }

        internal List<WovenSite> Sites { get; } = new();

        internal List<WeaveDiagnostic> Diagnostics { get; } = new();

        private MethodGroupThunks Thunks => _thunks ??= new MethodGroupThunks(_module, _table.Type);

        internal void Complete()
        {
            if (!_rewrite)
            {
                return;
            }

            _table.Complete();
            if (Sites.Count > 0)
            {
                ModuleInitializer.Add(_module, _runtime);
            }
        }

        /// <summary>P/Invoke and UnsafeAccessor declarations are escape hatches worth listing even when never called here.</summary>
        internal void Declarations(MethodDefinition method)
        {
            if (method.IsPInvokeImpl && method.PInvokeInfo is { } info)
            {
                Report(DiagnosticIds.PInvokeDeclaration, "P/Invoke declaration " + CallerNames.TypeName(method.DeclaringType) + "." + method.Name + " enters native code in " + info.Module.Name + "!" + EscapeHatches.EntryPoint(method, info) + "; its call sites are audited as native.call.", method, null);
            }
            else if (EscapeHatches.UnsafeAccessor(method) != null)
            {
                Report(DiagnosticIds.UnsafeAccessorDeclaration, "UnsafeAccessor " + CallerNames.TypeName(method.DeclaringType) + "." + method.Name + " reaches a private member without reflection; its call sites are audited as type-mutation.unsafeaccessor.", method, null);
            }
        }

        /// <summary>Weaves one method; false when it was left exactly as it was.</summary>
        internal bool Method(MethodDefinition method)
        {
            var calls = new List<(CallSite Site, MatchedApi Api)>();
            var loads = new List<(Instruction Load, MatchedApi Api)>();
            var callis = new List<(Instruction Calli, string Convention)>();
            var locations = new SourceLocations(method);
            foreach (var instruction in method.Body.Instructions)
            {
                switch (instruction.OpCode.Code)
                {
                    case Code.Call or Code.Callvirt or Code.Newobj when instruction.Operand is MethodReference callee:
                        if (_matcher.Match(callee) is { } called)
                        {
                            calls.Add((CallSite.Create(instruction), called));
                        }
                        else if (IsDynamicBinder(callee))
                        {
                            Report(DiagnosticIds.DynamicCallSite, "A dynamic call site (" + callee.Name + " '" + NearestString(instruction) + "') chooses its member at run time by name; it is not audited. Cast to the static type to have it audited.", method, locations.Find(instruction));
                        }

                        break;
                    case Code.Ldftn or Code.Ldvirtftn when instruction.Operand is MethodReference target && _matcher.Match(target) is { EventName: not null } loaded:
                        if (MethodGroupThunks.CanRoute(target))
                        {
                            loads.Add((instruction, loaded));
                        }
                        else
                        {
                            Report(DiagnosticIds.UnroutedMethodGroup, "A method group or function pointer of " + DocumentationId.ForMethod(target) + " is generic over this method's own type parameters and cannot be routed through an audited thunk; calls through it are not audited.", method, locations.Find(instruction));
                        }

                        break;
                    case Code.Calli when instruction.Operand is Mono.Cecil.CallSite signature:
                        if (IsUnmanaged(signature.CallingConvention))
                        {
                            callis.Add((instruction, signature.CallingConvention.ToString()));
                        }
                        else
                        {
                            Report(DiagnosticIds.ManagedCalli, "A managed calli calls through a function pointer whose target is not known at weave time. Pointers taken here to audited members (&File.Delete) are routed through audited thunks; pointers from elsewhere are not audited.", method, locations.Find(instruction));
                        }

                        break;
                }
            }

            if (calls.Count + loads.Count + callis.Count == 0)
            {
                return false;
            }

            var caller = CallerNames.Describe(method);
            var weaver = _rewrite ? new SiteWeaver(_module, _runtime, _table, method) : null;
            if (_rewrite)
            {
                method.Body.SimplifyMacros();
            }

            foreach (var (site, api) in calls)
            {
                var location = locations.Find(site.Call);
                var id = api.EventName == null ? -1 : Record(api, DocumentationId.ForMethod(site.Callee), caller, method, site.Call, location);
                weaver?.Weave(site, api, id, location);
            }

            foreach (var (load, api) in loads)
            {
                var target = (MethodReference)load.Operand;
                var location = locations.Find(load);
                var id = Record(api, DocumentationId.ForMethod(target), caller, method, load, location);
                if (_rewrite)
                {
                    // The thunk's one call is an ordinary woven site, recorded with the caller and line of the load.
                    var (thunk, call) = Thunks.Create(target, load.OpCode.Code == Code.Ldvirtftn);
                    new SiteWeaver(_module, _runtime, _table, thunk).Weave(CallSite.Create(call), api, id, location);
                    var pointer = Instruction.Create(OpCodes.Ldftn, thunk);
                    var replacement = load.OpCode.Code == Code.Ldvirtftn
                        ? new[] { Instruction.Create(OpCodes.Pop), pointer }
                        : new[] { pointer };
                    new ILEditor(method.Body).Replace(load, load, replacement);
                }
            }

            foreach (var (calli, convention) in callis)
            {
                var api = _matcher.Fixed("native.calli", new[] { "convention" }, new object?[] { convention }, "unmanaged calli");
                if (api == null)
                {
                    continue;
                }

                var location = locations.Find(calli);
                var id = Record(api, "calli unmanaged " + convention, caller, method, calli, location);
                weaver?.WeaveCalli(calli, api, id, location);
            }

            if (_rewrite)
            {
                method.Body.OptimizeMacros();
            }

            return _rewrite;
        }

        private int Record(MatchedApi api, string apiId, string caller, MethodDefinition method, Instruction instruction, SequencePoint? location)
        {
            var sourceFile = location?.Document.Url;
            var line = location?.StartLine;
            var id = _rewrite ? _table.Add(new SiteRecord(api.EventName!, api.ArgumentNames, apiId, caller, sourceFile, line, api.DenyReason)) : Sites.Count;
            Sites.Add(new WovenSite(id, api.EventName!, api.Category, apiId, caller, method.FullName, instruction.Offset, sourceFile, line, api.Denied));
            return id;
        }

        private void Report(string id, string message, MethodDefinition method, SequencePoint? location)
        {
            var severity = _engine._options.SeverityOf(id);
            if (severity == DiagnosticSeverity.None)
            {
                return;
            }

            Diagnostics.Add(new WeaveDiagnostic(id, severity, message, CallerNames.Describe(method), location?.Document.Url, location?.StartLine, location));
        }

        private static bool IsDynamicBinder(MethodReference callee) =>
            callee.DeclaringType.FullName == "Microsoft.CSharp.RuntimeBinder.Binder";

        private static string NearestString(Instruction instruction)
        {
            for (var current = instruction.Previous; current != null; current = current.Previous)
            {
                if (current.OpCode.Code == Code.Ldstr)
                {
                    return (string)current.Operand;
                }
            }

            return "?";
        }

        private static bool IsUnmanaged(MethodCallingConvention convention) =>
            convention is MethodCallingConvention.C or MethodCallingConvention.StdCall or MethodCallingConvention.ThisCall or MethodCallingConvention.FastCall
            || (int)convention == 9;
    }
}
