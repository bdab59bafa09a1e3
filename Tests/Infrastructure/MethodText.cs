using System;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Tests.Infrastructure;

/// <summary>
/// A Cecil method body as one line per instruction, for asserting the exact shape of a short woven sequence (a branch
/// shows the opcode it jumps to, a local its index). Whole scenarios are compared as snapshots instead (ILSnapshot).
/// </summary>
internal static class MethodText
{
    internal static string Render(MethodDefinition method) => string.Join(
        Environment.NewLine,
        method.Body.Instructions.Select(i => i.OpCode.Name + (i.Operand switch
        {
            null => string.Empty,
            Instruction target => " " + target.OpCode.Name + (target.Operand is VariableDefinition v ? "." + v.Index : string.Empty),
            string text => " \"" + text + "\"",
            VariableDefinition variable => "." + variable.Index,
            _ => " " + i.Operand,
        })).Select(l => l.Replace("ldloc..", "ldloc.").Replace("stloc..", "stloc.")));
}
