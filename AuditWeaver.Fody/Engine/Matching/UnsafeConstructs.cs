using System;
using System.Collections.Generic;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace AuditWeaver.Fody.Engine;

/// <summary>
/// The escape hatch <c>unsafe</c> (AW0006): code that can read or write any memory, so no audited member stands between it
/// and what it does. Found only when the engine lists (Report mode, <c>auditweaver scan</c>): nothing happens at run time
/// for it, so weaving is left exactly as it was. What counts: calls to <c>System.Runtime.CompilerServices.Unsafe</c>,
/// to <c>NativeMemory</c> and to the raw-memory members of <c>Marshal</c>; pointer-typed locals, parameters, return
/// values and fields; fixed-size buffers; and <c>localloc</c> whose address is used as a pointer. The safe
/// <c>Span&lt;T&gt; s = stackalloc T[n]</c> is not: the compiler hands the address straight to the span's constructor,
/// which bounds every access.
/// </summary>
internal static class UnsafeConstructs
{
    private const string CompilerServicesUnsafe = "System.Runtime.CompilerServices.Unsafe";
    private const string Marshal = "System.Runtime.InteropServices.Marshal";
    private const string NativeMemory = "System.Runtime.InteropServices.NativeMemory";

    // Marshal's members that read, write, copy, allocate or free raw memory (the rest marshal objects or report errors).
    private static readonly string[] s_marshalPrefixes =
    {
        "Read", "Write", "Copy", "PtrToStructure", "StructureToPtr", "DestroyStructure", "AllocHGlobal", "ReAllocHGlobal", "FreeHGlobal",
        "AllocCoTaskMem", "ReAllocCoTaskMem", "FreeCoTaskMem", "PtrToString", "ZeroFree", "UnsafeAddrOfPinnedArrayElement",
    };

    /// <summary>Pointer-typed and fixed-buffer fields of <paramref name="type"/>.</summary>
    internal static void Fields(ModuleRun run, TypeDefinition type)
    {
        // Every field of every type is looked at: nothing is allocated for one that is neither.
        foreach (var field in type.Fields)
        {
            string Name() => CallerNames.TypeName(type) + "." + field.Name;
            if (field.HasCustomAttributes && field.CustomAttributes.Any(a => a.AttributeType.FullName == "System.Runtime.CompilerServices.FixedBufferAttribute"))
            {
                run.Report(DiagnosticIds.UnsafeCode, "Fixed-size buffer " + Name() + ": its elements are reached through a pointer, without bounds checks.", Name());
            }
            else if (IsPointer(field.FieldType))
            {
                run.Report(DiagnosticIds.UnsafeCode, "Pointer field " + Name() + " (" + field.FieldType.FullName + ") holds a raw address.", Name());
            }
        }
    }

    /// <summary>The method's pointer-typed signature and locals, and its unsafe instructions.</summary>
    internal static void Method(ModuleRun run, MethodDefinition method)
    {
        // Every method of a scanned module comes here: the common case (no pointer anywhere) builds no list, and source
        // lines are read only for a finding (SourceLocations maps them on its first question).
        var locations = new SourceLocations(method);
        SequencePoint? First() => method.HasBody ? method.Body.Instructions.Select(locations.Find).FirstOrDefault(p => p != null) : null;
        if (IsPointer(method.ReturnType) || AnyPointer(method.Parameters, p => p.ParameterType))
        {
            var pointers = method.Parameters.Select(p => p.ParameterType).Append(method.ReturnType).Where(IsPointer).Select(t => t.FullName).Distinct().ToList();
            run.Report(DiagnosticIds.UnsafeCode, "Takes or returns pointers (" + string.Join(", ", pointers) + ").", method, First());
        }

        if (!method.HasBody)
        {
            return;
        }

        var body = method.Body;
        if (body.HasVariables && AnyPointer(body.Variables, v => v.VariableType))
        {
            var locals = body.Variables.Select(v => v.VariableType).Where(IsPointer).Select(t => t.FullName).Distinct().ToList();
            run.Report(DiagnosticIds.UnsafeCode, "Uses pointer locals (" + string.Join(", ", locals) + ").", method, First());
        }

        foreach (var instruction in body.Instructions)
        {
            if (instruction.OpCode.Code is Code.Call or Code.Callvirt or Code.Ldftn && instruction.Operand is MethodReference callee && RawMemoryApi(callee) is { } api)
            {
                run.Report(DiagnosticIds.UnsafeCode, "Calls " + api + ", which reads or writes memory through a raw address or reference.", method, locations.Find(instruction));
            }
            else if (instruction.OpCode.Code == Code.Localloc && !FeedsSpan(instruction))
            {
                run.Report(DiagnosticIds.UnsafeCode, "stackalloc used as a pointer, without a Span<T> to bound it.", method, locations.Find(instruction));
            }
        }
    }

    private static bool AnyPointer<T>(Mono.Collections.Generic.Collection<T> items, Func<T, TypeReference> type)
    {
        foreach (var item in items)
        {
            if (IsPointer(type(item)))
            {
                return true;
            }
        }

        return false;
    }

    private static string? RawMemoryApi(MethodReference callee)
    {
        // Asked for every call: the simple name first, which Cecil does not build (a generic type's full name it does).
        if (callee.DeclaringType.Name is not ("Unsafe" or "Marshal" or "NativeMemory"))
        {
            return null;
        }

        var type = callee.DeclaringType.FullName;
        return type == CompilerServicesUnsafe || type == NativeMemory || (type == Marshal && IsRawMarshal(callee.Name))
            ? CallerNames.TypeName(callee.DeclaringType) + "." + callee.Name
            : null;
    }

    // A loop, not a lambda over the callee: a captured parameter costs an allocation on every call of the method above.
    private static bool IsRawMarshal(string name)
    {
        foreach (var prefix in s_marshalPrefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    // `Span<T> s = stackalloc T[n]` (with or without an initializer) compiles to localloc, the initializer's writes through
    // copies of the address (dup, add, stind or cpblk), then newobj Span<T>(void*, int): the address reaches nothing but
    // the span and the compiler's own initialization. The evaluation stack is followed from the localloc, marking which
    // slots hold the address: any other use of it (a store to a local, an argument to a call) is pointer use, as is a
    // branch before the span is made.
    private static bool FeedsSpan(Instruction localloc)
    {
        var stack = new List<bool> { true };
        var steps = 0;
        for (var next = localloc.Next; next != null && steps++ < 256; next = next.Next)
        {
            var code = next.OpCode.Code;
            if (code is Code.Newobj && next.Operand is MethodReference constructor && IsSpanOverPointer(constructor) && stack.Count >= 2 && stack[stack.Count - 2])
            {
                return true;
            }

            if (next.OpCode.FlowControl is not (FlowControl.Next or FlowControl.Call or FlowControl.Meta) || !Effect(next, out var pops, out var pushes) || pops > stack.Count)
            {
                return false;
            }

            var popped = stack.GetRange(stack.Count - pops, pops);
            stack.RemoveRange(stack.Count - pops, pops);
            var address = popped.Contains(true);
            if (address && !(code is Code.Dup or Code.Add or Code.Cpblk or Code.Initblk || next.OpCode.Name.StartsWith("stind", StringComparison.Ordinal)))
            {
                return false;
            }

            for (var i = 0; i < pushes; i++)
            {
                stack.Add(address);
            }
        }

        return false;
    }

    private static bool IsSpanOverPointer(MethodReference constructor) =>
        constructor.DeclaringType.GetElementType().FullName is "System.Span`1" or "System.ReadOnlySpan`1"
        && constructor.Parameters.Count == 2 && constructor.Parameters[0].ParameterType.IsPointer;

    // How many values an instruction takes off the evaluation stack and puts on it; false for what is not followed.
    private static bool Effect(Instruction instruction, out int pops, out int pushes)
    {
        pops = instruction.OpCode.StackBehaviourPop switch
        {
            StackBehaviour.Pop0 => 0,
            StackBehaviour.Pop1 or StackBehaviour.Popi or StackBehaviour.Popref => 1,
            StackBehaviour.Pop1_pop1 or StackBehaviour.Popi_pop1 or StackBehaviour.Popi_popi or StackBehaviour.Popi_popi8 or StackBehaviour.Popi_popr4
                or StackBehaviour.Popi_popr8 or StackBehaviour.Popref_pop1 or StackBehaviour.Popref_popi => 2,
            StackBehaviour.Popi_popi_popi or StackBehaviour.Popref_popi_popi or StackBehaviour.Popref_popi_popi8 or StackBehaviour.Popref_popi_popr4
                or StackBehaviour.Popref_popi_popr8 or StackBehaviour.Popref_popi_popref => 3,
            StackBehaviour.Varpop when instruction.Operand is MethodReference method =>
                method.Parameters.Count + (method.HasThis && instruction.OpCode.Code != Code.Newobj ? 1 : 0),
            _ => -1,
        };
        pushes = instruction.OpCode.StackBehaviourPush switch
        {
            StackBehaviour.Push0 => 0,
            StackBehaviour.Push1 or StackBehaviour.Pushi or StackBehaviour.Pushi8 or StackBehaviour.Pushr4 or StackBehaviour.Pushr8 or StackBehaviour.Pushref => 1,
            StackBehaviour.Push1_push1 => 2,
            StackBehaviour.Varpush when instruction.Operand is MethodReference method =>
                instruction.OpCode.Code == Code.Newobj || method.ReturnType.MetadataType != MetadataType.Void ? 1 : 0,
            _ => -1,
        };
        return pops >= 0 && pushes >= 0;
    }

    // T*, and anything built on one: T*[], ref T*, T** .
    private static bool IsPointer(TypeReference type) =>
        type switch
        {
            PointerType => true,
            TypeSpecification specification => IsPointer(specification.ElementType),
            _ => false,
        };
}
