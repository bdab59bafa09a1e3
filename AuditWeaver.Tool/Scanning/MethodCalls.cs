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

    /// <summary>Records the processed assembly's methods (types in <see cref="ModuleDefinition.GetTypes"/> order) and releases their bodies.</summary>
    internal void Take(ProcessedAssembly assembly)
    {
        if (assembly.Status != AssemblyStatus.Processed || assembly.Module == null)
        {
            return;
        }

        var methods = new List<MethodCallList>();
        foreach (var method in assembly.Module.GetTypes().SelectMany(t => t.Methods))
        {
            if (!method.HasBody)
            {
                methods.Add(new MethodCallList(method, System.Array.Empty<CallInstruction>()));
                continue;
            }

            var calls = new List<CallInstruction>();
            foreach (var instruction in method.Body.Instructions)
            {
                if (Reads(instruction.OpCode.Code) && instruction.Operand is MemberReference operand)
                {
                    calls.Add(new CallInstruction(instruction.OpCode.Code, operand));
                }
            }

            methods.Add(new MethodCallList(method, calls.ToArray()));
            DecodedBodies.Release(method);
        }

        _byModule[assembly.Module] = methods;
    }

    /// <summary>The methods of a module <see cref="Take"/> recorded, with their calls.</summary>
    internal IReadOnlyList<MethodCallList> Of(ModuleDefinition module) =>
        _byModule.TryGetValue(module, out var methods) ? methods : System.Array.Empty<MethodCallList>();

    private static bool Reads(Code code) =>
        code is Code.Call or Code.Callvirt or Code.Newobj or Code.Ldftn or Code.Ldvirtftn or Code.Ldsfld or Code.Stsfld or Code.Ldsflda;
}
