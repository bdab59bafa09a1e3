using System.Collections.Generic;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace AuditWeaver.Fody.Engine;

/// <summary>
/// A call instruction with its prefixes, and the types of the values it takes off the stack, bottom first: the
/// receiver (when there is one) and then each parameter, in the types the call site actually passes.
/// </summary>
internal sealed class CallSite
{
    private CallSite(Instruction first, Instruction call, MethodReference callee, List<TypeReference> slots, bool hasReceiver)
    {
        First = first;
        Call = call;
        Callee = callee;
        Slots = slots;
        HasReceiver = hasReceiver;
    }

    /// <summary>The first prefix (<c>constrained.</c>, <c>tail.</c>), or the call itself.</summary>
    internal Instruction First { get; }

    internal Instruction Call { get; }

    internal MethodReference Callee { get; }

    /// <summary>Stack slot types from the bottom: receiver first when <see cref="HasReceiver"/>, then the parameters.</summary>
    internal IReadOnlyList<TypeReference> Slots { get; }

    internal bool HasReceiver { get; }

    internal int ParameterSlot(int parameter) => HasReceiver ? parameter + 1 : parameter;

    /// <summary>The first of the prefixes before <paramref name="instruction"/>, or the instruction itself.</summary>
    internal static Instruction FirstPrefix(Instruction instruction)
    {
        var first = instruction;
        while (first.Previous is { OpCode.OpCodeType: OpCodeType.Prefix } prefix)
        {
            first = prefix;
        }

        return first;
    }

    internal static CallSite Create(Instruction call)
    {
        var callee = (MethodReference)call.Operand;
        var first = FirstPrefix(call);
        TypeReference? constrained = null;
        for (var prefix = first; prefix != call; prefix = prefix.Next)
        {
            if (prefix.OpCode.Code == Code.Constrained)
            {
                constrained ??= (TypeReference)prefix.Operand;
            }
        }

        var slots = new List<TypeReference>();
        var hasReceiver = callee.HasThis && call.OpCode.Code != Code.Newobj;
        if (hasReceiver)
        {
            slots.Add(ReceiverType(callee, constrained));
        }

        foreach (var parameter in callee.Parameters)
        {
            slots.Add(GenericContext.StripModifiers(GenericContext.Resolve(parameter.ParameterType, callee)));
        }

        return new CallSite(first, call, callee, slots, hasReceiver);
    }

    // A value-type receiver, or any receiver behind constrained., is passed as a managed pointer.
    private static TypeReference ReceiverType(MethodReference callee, TypeReference? constrained)
    {
        if (constrained != null)
        {
            return new ByReferenceType(constrained);
        }

        var declaring = callee.DeclaringType;
        return declaring.IsValueType ? new ByReferenceType(declaring) : declaring;
    }
}
