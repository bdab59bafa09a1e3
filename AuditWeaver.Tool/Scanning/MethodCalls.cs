using System.Collections.Generic;
using System.Linq;
using AuditWeaver.Fody.Engine;
using AuditWeaver.Tool.Processing;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace AuditWeaver.Tool.Scanning;

/// <summary>One instruction the call graph reads: a call, a method pointer or a static field access, and its operand.</summary>
internal readonly record struct CallInstruction(Code Code, MemberReference Operand);

/// <summary>One scanned method and the instructions of its body the call graph reads, in IL order.</summary>
internal readonly record struct MethodCallList(MethodDefinition Method, CallInstruction[] Calls);

/// <summary>
/// What the call graph needs of each scanned assembly's method bodies, taken as soon as the engine is done with the
/// assembly; the decoded bodies are then handed back to Cecil. A decoded body is about ten objects per instruction:
/// holding every body of a few hundred packages until the call graph is built took gigabytes (docs/performance.md,
/// section 12), while the calls, method pointers and static field accesses are a small part of the instructions.
/// </summary>
internal sealed class MethodCalls
{
    private readonly Dictionary<ModuleDefinition, List<MethodCallList>> _byModule = new();

    /// <summary>One method's calls, read while its body is decoded (the engine shows a scan each method it is done with).</summary>
    internal static MethodCallList Read(MethodDefinition method) => new(method, CallsOf(method));

    /// <summary>
    /// Keeps the calls read for a processed assembly's methods (<paramref name="recorded"/>, in
    /// <see cref="ModuleDefinition.GetTypes"/> order), or, when the engine showed none (it stops at once on an assembly
    /// already woven, which a scan with --framework reads), reads its methods now and releases their bodies. A failed
    /// assembly is not kept.
    /// </summary>
    internal void Take(ProcessedAssembly assembly, List<MethodCallList> recorded)
    {
        if (assembly.Status != AssemblyStatus.Processed || assembly.Module == null)
        {
            return;
        }

        if (recorded.Count == 0)
        {
            foreach (var method in assembly.Module.GetTypes().SelectMany(t => t.Methods))
            {
                var decodedBefore = !method.HasBody || DecodedBodies.IsDecoded(method);
                recorded.Add(Read(method));
                if (!decodedBefore)
                {
                    DecodedBodies.Release(method);
                }
            }
        }

        _byModule[assembly.Module] = recorded;
    }

    private static CallInstruction[] CallsOf(MethodDefinition method)
    {
        if (!method.HasBody)
        {
            return System.Array.Empty<CallInstruction>();
        }

        // Counted first, so that each method allocates its array once and nothing more (a scan reads millions of bodies).
        var instructions = method.Body.Instructions;
        var count = 0;
        for (var i = 0; i < instructions.Count; i++)
        {
            if (Reads(instructions[i]))
            {
                count++;
            }
        }

        if (count == 0)
        {
            return System.Array.Empty<CallInstruction>();
        }

        var calls = new CallInstruction[count];
        var next = 0;
        for (var i = 0; i < instructions.Count; i++)
        {
            var instruction = instructions[i];
            if (Reads(instruction))
            {
                calls[next++] = new CallInstruction(instruction.OpCode.Code, (MemberReference)instruction.Operand);
            }
        }

        return calls;
    }

    /// <summary>The methods of a module <see cref="Take"/> recorded, with their calls.</summary>
    internal IReadOnlyList<MethodCallList> Of(ModuleDefinition module) =>
        _byModule.TryGetValue(module, out var methods) ? methods : System.Array.Empty<MethodCallList>();

    private static bool Reads(Instruction instruction) =>
        instruction.OpCode.Code is Code.Call or Code.Callvirt or Code.Newobj or Code.Ldftn or Code.Ldvirtftn or Code.Ldsfld or Code.Stsfld or Code.Ldsflda
        && instruction.Operand is MemberReference;
}
