using System.Collections.Generic;
using System.Linq;
using AuditWeaver.Catalog;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace AuditWeaver.Fody.Engine;

/// <summary>
/// Rewrites the returns of a method that overrides a member with <c>override</c> clauses: each <c>ret</c> hands its value
/// to the clauses' route functions first. Branches to the <c>ret</c> land on the inserted code, which starts with the
/// value already on the stack, so every path returns through it.
/// </summary>
internal static class ReturnWeaver
{
    // return value;  =>  var r = value; r = (T)RouteFunctions.Fn(null, -1, r); return r;
    internal static void Weave(ModuleRun run, MethodDefinition method, IReadOnlyList<CatalogClause> clauses)
    {
        var returnType = method.ReturnType;
        var result = new VariableDefinition(returnType);
        method.Body.Variables.Add(result);
        var editor = new ILEditor(method.Body);
        foreach (var ret in method.Body.Instructions.Where(i => i.OpCode.Code == Code.Ret).ToList())
        {
            var il = new List<Instruction> { Instruction.Create(OpCodes.Stloc, result) };
            var emitter = new ArgumentEmitter(run.Module, run.Runtime, null, new Dictionary<int, VariableDefinition>(), il, null) { Result = result };
            foreach (var clause in clauses)
            {
                emitter.EmitRoute(clause.Function, null, -1);
                emitter.ConvertFromObject(returnType);
                il.Add(Instruction.Create(OpCodes.Stloc, result));
            }

            il.Add(Instruction.Create(OpCodes.Ldloc, result));
            il.Add(Instruction.Create(OpCodes.Ret));
            editor.Replace(ret, ret, il);
        }
    }
}
