using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;

namespace AuditWeaver.Fody.Engine;

/// <summary>
/// Weaves one method: records each audited instruction as a site and, when the run rewrites, makes it raise its event.
/// Calls and unmanaged calli are rewritten where they are (<see cref="SiteWeaver"/>); a method group or function pointer
/// is pointed at a thunk whose one call is an ordinary woven site. An override of a member with <c>override</c> clauses
/// has its returns rewritten (<see cref="ReturnWeaver"/>).
/// </summary>
internal sealed class MethodWeaver
{
    private readonly ModuleRun _run;
    private readonly MethodDefinition _method;

    internal MethodWeaver(ModuleRun run, MethodDefinition method)
    {
        _run = run;
        _method = method;
    }

    /// <summary>Weaves the method; false when it was left exactly as it was.</summary>
    internal bool Weave()
    {
        var locations = new SourceLocations(_method);
        var found = AuditedInstructions.Find(_run, _method, locations);
        var overrides = _run.Overrides.Match(_method);
        if (found.IsEmpty && overrides.Count == 0)
        {
            return false;
        }

        locations.Map();
        var caller = CallerNames.Describe(_method);
        var sites = _run.Rewrites ? new SiteWeaver(_run.Module, _run.Runtime, _run.Table, _method) : null;
        if (_run.Rewrites)
        {
            _method.Body.SimplifyMacros();
        }

        foreach (var (site, api) in found.Calls)
        {
            var location = locations.Find(site.Call);
            var id = api.EventName == null ? -1 : _run.Record(api, DocumentationId.ForMethod(site.Callee), caller, _method, site.Call, location);
            sites?.Weave(site, api, id, location);
        }

        foreach (var (load, api) in found.Loads)
        {
            var location = locations.Find(load);
            var id = _run.Record(api, DocumentationId.ForMethod((MethodReference)load.Operand), caller, _method, load, location);
            if (_run.Rewrites)
            {
                RouteThroughThunk(load, api, id, location);
            }
        }

        foreach (var (calli, api, convention) in found.Callis)
        {
            var location = locations.Find(calli);
            var id = _run.Record(api, "calli unmanaged " + convention, caller, _method, calli, location);
            sites?.WeaveCalli(calli, api, id, location);
        }

        if (_run.Rewrites && overrides.Count > 0)
        {
            ReturnWeaver.Weave(_run, _method, overrides);
        }

        if (_run.Rewrites)
        {
            _method.Body.OptimizeMacros();
        }

        return _run.Rewrites;
    }

    // ldftn File.Delete becomes ldftn <thunk>N. ldvirtftn took a receiver off the stack to find the override; the static
    // thunk needs none (the delegate still binds the receiver pushed before as its target, and the thunk receives it as
    // its first argument), so that copy is popped. The thunk's call is recorded with the caller and line of the load.
    private void RouteThroughThunk(Instruction load, MatchedApi api, int id, SequencePoint? location)
    {
        var target = (MethodReference)load.Operand;
        var isVirtual = load.OpCode.Code == Code.Ldvirtftn;
        var (thunk, call) = _run.Thunks.Create(target, isVirtual);
        new SiteWeaver(_run.Module, _run.Runtime, _run.Table, thunk).Weave(CallSite.Create(call), api, id, location);
        var pointer = Instruction.Create(OpCodes.Ldftn, thunk);
        new ILEditor(_method.Body).Replace(load, load, isVirtual ? new[] { Instruction.Create(OpCodes.Pop), pointer } : new[] { pointer });
    }
}
