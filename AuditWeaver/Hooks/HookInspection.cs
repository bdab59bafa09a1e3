using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Reflection.Emit;

namespace AuditWeaver.Hooks;

/// <summary>
/// Decides, once when a hook is added, whether the hook can hold on to the event it is given. Most of an event's cost is
/// its allocation, and a hook that only reads the event (a filter that denies by name, a counter, a no-op) cannot tell a
/// fresh object from one the thread reuses after dispatch returns. A hook is judged by its IL: it cannot keep the event
/// when every use of its event parameter is a call of an <see cref="AuditEvent"/> member that returns data, not the
/// event, with nothing but constants and locals pushed in between. Anything else (storing it, passing it on, a closure,
/// IL that cannot be read) counts as keeping it.
/// </summary>
internal static class HookInspection
{
    // The AuditEvent members a hook may call on its event: each returns strings, numbers, argument values or (Arguments)
    // a copy of the arguments, none of them the event or anything that refers to it.
    private static readonly HashSet<string> s_readers = new(StringComparer.Ordinal)
    {
        "get_Name", "get_Category", "get_Arguments", "get_ArgumentNames", "get_Api", "get_Caller", "get_SourceFile",
        "get_Line", "GetArgument", "FormatArguments", "ToString",
    };

    private static readonly Dictionary<short, OpCode> s_opcodes = Opcodes();

    /// <summary>True only when no method in <paramref name="hook"/>'s invocation list can keep its event.</summary>
    internal static bool CannotKeepEvent(Action<AuditEvent> hook)
    {
        foreach (var single in hook.GetInvocationList())
        {
            if (!CannotKeep(single))
            {
                return false;
            }
        }

        return true;
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The body read is the one that runs, trimmed or not, so the judgement holds for it.")]
    private static bool CannotKeep(Delegate hook)
    {
        try
        {
            var method = hook.Method;
            var parameters = method.GetParameters().Length;

            // Where the event is among the method's arguments: after the instance or the closed-over first argument. An
            // instance method with no instance (an open or null-bound delegate) is not worth telling apart: it keeps.
            int eventIndex;
            if (method.IsStatic)
            {
                eventIndex = parameters - 1;
            }
            else if (parameters == 1 && hook.Target != null && !IsOverridable(method))
            {
                eventIndex = 1;
            }
            else
            {
                return false;
            }

            var il = method.GetMethodBody()?.GetILAsByteArray();
            return il != null && eventIndex >= 0 && !Escapes(il, eventIndex, method);
        }
        catch (Exception)
        {
            // A dynamic method, a body the platform does not expose (NativeAOT), IL this reader does not know: the hook
            // gets fresh events, as every hook did before.
            return false;
        }
    }

    // The delegate may run an override that this method's body does not describe.
    private static bool IsOverridable(MethodBase method) =>
        method.IsVirtual && !method.IsFinal && method.DeclaringType is { IsSealed: false };

    private static bool Escapes(byte[] il, int eventIndex, MethodBase method)
    {
        for (var at = 0; at < il.Length;)
        {
            var op = Read(il, at, out var next);
            var argument = ArgumentOf(op, il, at);
            if (argument == eventIndex)
            {
                if (op.Value != OpCodes.Ldarg.Value && op.Value != OpCodes.Ldarg_S.Value && op.OperandType != OperandType.InlineNone)
                {
                    // Its address taken or the parameter overwritten.
                    return true;
                }

                if (!ReachesReader(il, next, eventIndex, method, out next))
                {
                    return true;
                }
            }

            at = next;
        }

        return false;
    }

    // After the event is pushed: only values that change nothing may follow, then a call of a reader with exactly
    // those values as its arguments, so the event is that call's instance and goes nowhere else.
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The token comes from the IL of the same module, as it runs, so trimming keeps the two consistent; a token that does not resolve counts as keeping the event.")]
    private static bool ReachesReader(byte[] il, int at, int eventIndex, MethodBase method, out int next)
    {
        var pushed = 0;
        while (at < il.Length)
        {
            var op = Read(il, at, out next);
            if (op.Value == OpCodes.Nop.Value)
            {
                at = next;
                continue;
            }

            if (PushesOneValue(op) && ArgumentOf(op, il, at) != eventIndex)
            {
                pushed++;
                at = next;
                continue;
            }

            if (op.Value != OpCodes.Call.Value && op.Value != OpCodes.Callvirt.Value)
            {
                return false;
            }

            var callee = method.Module.ResolveMethod(
                BitConverter.ToInt32(il, at + op.Size),
                method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null,
                method.IsGenericMethod ? method.GetGenericArguments() : null);
            return callee != null
                && !callee.IsStatic
                && (callee.DeclaringType == typeof(AuditEvent) || (callee.DeclaringType == typeof(object) && callee.Name == "ToString"))
                && s_readers.Contains(callee.Name)
                && callee.GetParameters().Length == pushed;
        }

        next = at;
        return false;
    }

    private static bool PushesOneValue(OpCode op)
    {
        var value = op.Value;
        return value == OpCodes.Ldnull.Value
            || (value >= OpCodes.Ldc_I4_M1.Value && value <= OpCodes.Ldc_R8.Value)
            || value == OpCodes.Ldstr.Value
            || (value >= OpCodes.Ldloc_0.Value && value <= OpCodes.Ldloc_3.Value)
            || value == OpCodes.Ldloc_S.Value || value == OpCodes.Ldloc.Value
            || (value >= OpCodes.Ldarg_0.Value && value <= OpCodes.Ldarg_3.Value)
            || value == OpCodes.Ldarg_S.Value || value == OpCodes.Ldarg.Value
            || value == OpCodes.Ldsfld.Value;
    }

    // The parameter an ldarg, ldarga or starg names, or -1.
    private static int ArgumentOf(OpCode op, byte[] il, int at)
    {
        var value = op.Value;
        if (value >= OpCodes.Ldarg_0.Value && value <= OpCodes.Ldarg_3.Value)
        {
            return value - OpCodes.Ldarg_0.Value;
        }

        if (value == OpCodes.Ldarg_S.Value || value == OpCodes.Ldarga_S.Value || value == OpCodes.Starg_S.Value)
        {
            return il[at + op.Size];
        }

        if (value == OpCodes.Ldarg.Value || value == OpCodes.Ldarga.Value || value == OpCodes.Starg.Value)
        {
            return BitConverter.ToUInt16(il, at + op.Size);
        }

        return -1;
    }

    private static OpCode Read(byte[] il, int at, out int next)
    {
        var value = il[at] == 0xFE ? (short)(0xFE00 | il[at + 1]) : il[at];
        if (!s_opcodes.TryGetValue(value, out var op))
        {
            throw new InvalidOperationException("unknown opcode");
        }

        var operand = op.OperandType switch
        {
            OperandType.InlineNone => 0,
            OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
            OperandType.InlineVar => 2,
            OperandType.InlineI8 or OperandType.InlineR => 8,
            OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, at + op.Size)),
            _ => 4,
        };
        next = at + op.Size + operand;
        return op;
    }

    // Every IL opcode by its value (two-byte ones as 0xFEnn), from the framework's own table.
    private static Dictionary<short, OpCode> Opcodes()
    {
        var table = new Dictionary<short, OpCode>();
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            if (field.GetValue(null) is OpCode op)
            {
                table[op.Value] = op;
            }
        }

        return table;
    }
}
