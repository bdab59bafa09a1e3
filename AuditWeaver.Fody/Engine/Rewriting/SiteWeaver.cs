using System.Collections.Generic;
using System.Globalization;
using AuditWeaver.Catalog;
using AuditWeaver.Weaving;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace AuditWeaver.Fody.Engine;

/// <summary>Rewrites one audited call site in a method body.</summary>
internal sealed class SiteWeaver
{
    private readonly ModuleDefinition _module;
    private readonly RuntimeReferences _runtime;
    private readonly SiteTableBuilder _sites;
    private readonly FieldReference _table;
    private readonly MethodDefinition _method;
    private readonly ILEditor _editor;
    private readonly Dictionary<string, Queue<VariableDefinition>> _freeLocals = new();
    private readonly List<(string Key, VariableDefinition Local)> _leasedLocals = new();

    internal SiteWeaver(ModuleDefinition module, RuntimeReferences runtime, SiteTableBuilder sites, MethodDefinition method)
    {
        _module = module;
        _runtime = runtime;
        _sites = sites;
        _table = sites.Table;
        _method = method;
        _editor = new ILEditor(method.Body);
    }

    /// <summary>
    /// Turns <c>Api(a, b)</c> into
    /// <c>var tb = b; var ta = a; if (Audit.IsEnabled) Sites.Table.Raise(id, args...); Api(ta, tb)</c>:
    /// the values the event needs are parked in locals, and nothing is boxed or allocated unless a consumer is listening.
    /// Clauses add runtime calls around it: guards and before-replacements always run first, follows run with the event,
    /// after-replacements transform the result. A denied site calls <c>Deny</c> (which always throws) instead.
    /// </summary>
    internal void Weave(CallSite site, MatchedApi api, int siteId, SequencePoint? location)
    {
        var lowest = LowestSlotNeeded(site, api, location);
        var temps = new Dictionary<int, VariableDefinition>();
        var il = new List<Instruction>();
        var table = api.EventName == null ? null : _table;

        // The values above the lowest one the event needs come off the stack, top first.
        for (var slot = site.Slots.Count - 1; slot >= lowest; slot--)
        {
            var local = Lease(site.Slots[slot]);
            temps.Add(slot, local);
            il.Add(Instruction.Create(OpCodes.Stloc, local));
        }

        var afters = api.Clauses.Where(c => c.Kind == ClauseKind.After).ToList();
        var copies = CopyOfCall(site.First, site.Call, dropTailPrefix: afters.Count > 0);
        var emitter = new ArgumentEmitter(_module, _runtime, site, temps, il, location);

        // RouteFunctions.Guard(...); var r = (T)RouteFunctions.Before(...);  (always: they protect, they do not observe).
        // A replaced value goes to a local of its own: the event still reports what the caller passed.
        var callTemps = new Dictionary<int, VariableDefinition>(temps);
        foreach (var clause in api.Clauses.Where(c => c.Kind is ClauseKind.Guard or ClauseKind.Before))
        {
            emitter.EmitRoute(clause.Function, table, siteId);
            if (clause.Kind == ClauseKind.Before)
            {
                var slot = clause.Target is ReceiverExpression ? 0 : site.ParameterSlot(((ParameterExpression)clause.Target!).Index);
                emitter.ConvertFromObject(site.Slots[slot]);
                var replaced = Lease(site.Slots[slot]);
                il.Add(Instruction.Create(OpCodes.Stloc, replaced));
                callTemps[slot] = replaced;
            }
        }

        var resume = callTemps.Count > 0 ? Instruction.Create(OpCodes.Ldloc, callTemps[lowest]) : copies[0];
        var follows = api.Clauses.Where(c => c.Kind == ClauseKind.Follow).ToList();
        if (api.Denied)
        {
            // <AuditWeaver>Sites.Table.Deny(siteId, arguments...): raises, then always throws.
            EmitRaise(il, emitter, api, siteId, deny: true);
        }
        else if (api.EventName != null || follows.Count > 0)
        {
            // if (Audit.IsEnabled) { <AuditWeaver>Sites.Table.Raise(siteId, arguments...); RouteFunctions.Follow(...); }
            il.Add(Instruction.Create(OpCodes.Call, _runtime.IsEnabled));
            il.Add(Instruction.Create(OpCodes.Brfalse, resume));
            if (api.EventName != null)
            {
                EmitRaise(il, emitter, api, siteId, deny: false);
            }

            foreach (var follow in follows)
            {
                emitter.EmitRoute(follow.Function, table, siteId);
            }
        }

        // The parked values go back, bottom first, and the original call runs as before.
        if (callTemps.Count > 0)
        {
            il.Add(resume);
            for (var slot = lowest + 1; slot < site.Slots.Count; slot++)
            {
                il.Add(Instruction.Create(OpCodes.Ldloc, callTemps[slot]));
            }
        }

        il.AddRange(copies);

        // var r = Api(...); r = (T)RouteFunctions.After(r, ...);
        if (afters.Count > 0)
        {
            var resultType = site.Call.OpCode.Code == Code.Newobj ? site.Callee.DeclaringType : GenericContext.Resolve(site.Callee.ReturnType, site.Callee);
            var result = Lease(resultType);
            emitter.Result = result;
            il.Add(Instruction.Create(OpCodes.Stloc, result));
            foreach (var after in afters)
            {
                emitter.EmitRoute(after.Function, table, siteId);
                emitter.ConvertFromObject(resultType);
                il.Add(Instruction.Create(OpCodes.Stloc, result));
            }

            il.Add(Instruction.Create(OpCodes.Ldloc, result));
        }

        _editor.Replace(site.First, site.Call, il);
        ReleaseLocals();
    }

    /// <summary>
    /// An unmanaged calli: <c>if (Audit.IsEnabled) Sites.Table.Raise(id, "C"); calli ...</c>. Nothing is captured from the
    /// stack (the event's arguments are constants), so the arguments and the pointer stay where they are.
    /// </summary>
    internal void WeaveCalli(Instruction calli, MatchedApi api, int siteId, SequencePoint? location)
    {
        var first = CallSite.FirstPrefix(calli);
        var il = new List<Instruction>();
        var copies = CopyOfCall(first, calli, dropTailPrefix: false);

        var emitter = new ArgumentEmitter(_module, _runtime, null, new Dictionary<int, VariableDefinition>(), il, location);
        if (api.Denied)
        {
            EmitRaise(il, emitter, api, siteId, deny: true);
        }
        else
        {
            il.Add(Instruction.Create(OpCodes.Call, _runtime.IsEnabled));
            il.Add(Instruction.Create(OpCodes.Brfalse, copies[0]));
            EmitRaise(il, emitter, api, siteId, deny: false);
        }

        il.AddRange(copies);
        _editor.Replace(first, calli, il);
    }

    // Sites.Table.Raise(siteId, a0, ...), or Raise(siteId, scalars, a0, a1, a2, a3) when some of up to four arguments are
    // value types the catalog knows (bool, char, integers): those are packed into one long instead of boxed, the record
    // says how (ScalarKinds), and their object positions are null. More than four arguments go in an object[].
    private void EmitRaise(List<Instruction> il, ArgumentEmitter emitter, MatchedApi api, int siteId, bool deny)
    {
        il.Add(Instruction.Create(OpCodes.Ldsfld, _table));
        il.Add(Instruction.Create(OpCodes.Ldc_I4, siteId));
        var arity = api.Arguments.Count;
        if (arity > 4)
        {
            emitter.EmitObjectArray(api.Arguments);
            il.Add(Instruction.Create(OpCodes.Callvirt, deny ? _runtime.Deny(-1) : _runtime.Raise(-1)));
            return;
        }

        var kinds = ScalarLayout(emitter, api.Arguments);
        if (kinds == null)
        {
            foreach (var argument in api.Arguments)
            {
                emitter.EmitObject(argument);
            }

            il.Add(Instruction.Create(OpCodes.Callvirt, deny ? _runtime.Deny(arity) : _runtime.Raise(arity)));
            return;
        }

        _sites.SetScalars(siteId, kinds);
        il.Add(Instruction.Create(OpCodes.Ldc_I8, 0L));
        for (var i = 0; i < arity; i++)
        {
            if (kinds[i] != ScalarKinds.Reference)
            {
                emitter.EmitScalar(api.Arguments[i], kinds[i], ScalarKinds.Offset(kinds, i));
            }
        }

        for (var i = 0; i < 4; i++)
        {
            if (i < arity && kinds[i] == ScalarKinds.Reference)
            {
                emitter.EmitObject(api.Arguments[i]);
            }
            else
            {
                il.Add(Instruction.Create(OpCodes.Ldnull));
            }
        }

        il.Add(Instruction.Create(OpCodes.Callvirt, deny ? _runtime.DenyScalars : _runtime.RaiseScalars));
    }

    // One kind per argument, the value types first come first packed while they fit in 64 bits; null when none is packed.
    private static string? ScalarLayout(ArgumentEmitter emitter, IReadOnlyList<CatalogExpression> arguments)
    {
        var kinds = new char[arguments.Count];
        var bits = 0;
        var any = false;
        for (var i = 0; i < kinds.Length; i++)
        {
            var kind = emitter.ScalarKindOf(arguments[i]);
            var width = ScalarKinds.Width(kind);
            if (width == 0 || bits + width > 64)
            {
                kind = ScalarKinds.Reference;
            }
            else
            {
                bits += width;
                any = true;
            }

            kinds[i] = kind;
        }

        return any ? new string(kinds) : null;
    }

    private int LowestSlotNeeded(CallSite site, MatchedApi api, SequencePoint? location)
    {
        var lowest = site.Slots.Count;
        var expressions = api.Arguments
            .Concat(api.Clauses.Select(c => (CatalogExpression)c.Function))
            .Concat(api.Clauses.Where(c => c.Target != null).Select(c => c.Target!));
        foreach (var argument in expressions)
        {
            if (argument.UsesReceiver())
            {
                if (!site.HasReceiver)
                {
                    throw Mismatch(site, api, "uses $this, but the call has no receiver", location);
                }

                lowest = 0;
            }

            foreach (var parameter in argument.Parameters())
            {
                if (parameter >= site.Callee.Parameters.Count)
                {
                    throw Mismatch(site, api, "uses $" + parameter.ToString(CultureInfo.InvariantCulture) + ", but the member has " + site.Callee.Parameters.Count.ToString(CultureInfo.InvariantCulture) + " parameters", location);
                }

                if (site.Callee.Parameters[parameter].IsOut)
                {
                    throw Mismatch(site, api, "uses $" + parameter.ToString(CultureInfo.InvariantCulture) + ", an out parameter, which has no value before the call", location);
                }

                lowest = System.Math.Min(lowest, site.ParameterSlot(parameter));
            }
        }

        return lowest;
    }

    private static AuditWeavingException Mismatch(CallSite site, MatchedApi api, string problem, SequencePoint? location) =>
        new("The rule for " + DocumentationId.ForMethod(site.Callee) + " (" + api.Origin + ") " + problem + " (call to " + site.Callee.FullName + ").", location);

    // The call and its prefixes, copied to run after the inserted code. With an after clause the call is no longer last
    // before ret, so a tail. prefix would be invalid: it is dropped.
    private static List<Instruction> CopyOfCall(Instruction first, Instruction call, bool dropTailPrefix)
    {
        var copies = new List<Instruction>();
        for (var instruction = first; instruction != call; instruction = instruction.Next)
        {
            if (!(dropTailPrefix && instruction.OpCode.Code == Code.Tail))
            {
                copies.Add(Copy(instruction));
            }
        }

        copies.Add(Copy(call));
        return copies;
    }

    private static Instruction Copy(Instruction instruction)
    {
        var copy = Instruction.Create(OpCodes.Nop);
        copy.OpCode = instruction.OpCode;
        copy.Operand = instruction.Operand;
        return copy;
    }

    // Locals are reused across the call sites of a method: a site's temporaries are dead once its call has run.
    private VariableDefinition Lease(TypeReference type)
    {
        var key = type.FullName;
        if (!_freeLocals.TryGetValue(key, out var free))
        {
            free = new Queue<VariableDefinition>();
            _freeLocals.Add(key, free);
        }

        var local = free.Count > 0 ? free.Dequeue() : AddLocal(type);
        _leasedLocals.Add((key, local));
        return local;
    }

    private VariableDefinition AddLocal(TypeReference type)
    {
        var local = new VariableDefinition(type.Module == _module ? type : _module.ImportReference(type, _method));
        _method.Body.Variables.Add(local);
        return local;
    }

    private void ReleaseLocals()
    {
        foreach (var (key, local) in _leasedLocals)
        {
            _freeLocals[key].Enqueue(local);
        }

        _leasedLocals.Clear();
    }
}
