using System;
using System.Collections.Generic;
using Mono.Cecil.Cil;

namespace AuditWeaver.Fody.Engine;

/// <summary>
/// The one primitive every IL edit goes through. Cecil's InsertBefore leaves branches, switch tables, exception-handler
/// boundaries and sequence points pointing at the old instruction; here the first instruction of the edited range keeps
/// its identity and takes on the first new opcode, so everything that referred to the range now refers to the start of
/// its replacement, and the rest of the replacement is linked in after it. An async method without a catch handler in its
/// stepping information keeps having none (see <see cref="AsyncCatchHandlers"/>).
/// </summary>
internal sealed class ILEditor
{
    private readonly MethodBody _body;

    internal ILEditor(MethodBody body)
    {
        _body = body;
    }

    /// <summary>
    /// Replaces the instructions from <paramref name="first"/> to <paramref name="last"/> (inclusive, in order) with
    /// <paramref name="replacement"/>. References to <paramref name="first"/> now reach the replacement's start;
    /// references to the other removed instructions (there should be none: they are prefixes and their call) are moved
    /// there too. Branches inside <paramref name="replacement"/> may target any of its instructions, including the first.
    /// </summary>
    internal void Replace(Instruction first, Instruction last, IReadOnlyList<Instruction> replacement)
    {
        if (replacement.Count == 0)
        {
            throw new ArgumentException("A replacement needs at least one instruction.", nameof(replacement));
        }

        var instructions = _body.Instructions;
        var firstIndex = instructions.IndexOf(first);
        var lastIndex = instructions.IndexOf(last);
        if (firstIndex < 0 || lastIndex < firstIndex)
        {
            throw new InvalidOperationException("The range to replace is not a forward range of this method body.");
        }

        var withoutCatchHandler = AsyncCatchHandlers.WithoutHandler(_body);
        var removed = new List<Instruction>();
        for (var i = lastIndex; i > firstIndex; i--)
        {
            removed.Add(instructions[i]);
            instructions.RemoveAt(i);
        }

        var head = replacement[0];
        first.OpCode = head.OpCode;
        first.Operand = head.Operand;
        for (var i = 1; i < replacement.Count; i++)
        {
            instructions.Insert(firstIndex + i, replacement[i]);
        }

        var moved = new Dictionary<Instruction, Instruction> { [head] = first };
        foreach (var instruction in removed)
        {
            moved[instruction] = first;
        }

        Retarget(moved);
        AsyncCatchHandlers.Restore(withoutCatchHandler);
    }

    /// <summary>
    /// Inserts <paramref name="prologue"/> at the start of the body. Nothing is retargeted: a branch back to the old
    /// first instruction (a loop at the top) must not run the prologue again, a try block that began there still begins
    /// there, and the old first instruction keeps its sequence point.
    /// </summary>
    internal void Prepend(IReadOnlyList<Instruction> prologue)
    {
        var withoutCatchHandler = AsyncCatchHandlers.WithoutHandler(_body);
        for (var i = prologue.Count - 1; i >= 0; i--)
        {
            _body.Instructions.Insert(0, prologue[i]);
        }

        AsyncCatchHandlers.Restore(withoutCatchHandler);
    }

    /// <summary>Points every branch, switch, handler boundary and debug range that used a key at its value.</summary>
    private void Retarget(Dictionary<Instruction, Instruction> moved)
    {
        foreach (var instruction in _body.Instructions)
        {
            switch (instruction.Operand)
            {
                case Instruction target when moved.TryGetValue(target, out var replacement):
                    instruction.Operand = replacement;
                    break;
                case Instruction[] targets:
                    for (var i = 0; i < targets.Length; i++)
                    {
                        if (moved.TryGetValue(targets[i], out var switchTarget))
                        {
                            targets[i] = switchTarget;
                        }
                    }

                    break;
            }
        }

        foreach (var handler in _body.ExceptionHandlers)
        {
            handler.TryStart = Moved(moved, handler.TryStart);
            handler.TryEnd = Moved(moved, handler.TryEnd);
            handler.HandlerStart = Moved(moved, handler.HandlerStart);
            handler.HandlerEnd = Moved(moved, handler.HandlerEnd);
            handler.FilterStart = Moved(moved, handler.FilterStart);
        }

        MoveDebugInformation(moved);
    }

    private void MoveDebugInformation(Dictionary<Instruction, Instruction> moved)
    {
        var debug = _body.Method.DebugInformation;
        if (debug.HasSequencePoints)
        {
            // A removed instruction's sequence point (prefixed calls rarely have one) moves to the replacement's start.
            var mapping = debug.GetSequencePointMapping();
            foreach (var pair in moved)
            {
                if (pair.Key == pair.Value || !mapping.TryGetValue(pair.Key, out var point))
                {
                    continue;
                }

                debug.SequencePoints.Remove(point);
                if (!mapping.ContainsKey(pair.Value))
                {
                    debug.SequencePoints.Add(new SequencePoint(pair.Value, point.Document)
                    {
                        StartLine = point.StartLine,
                        StartColumn = point.StartColumn,
                        EndLine = point.EndLine,
                        EndColumn = point.EndColumn,
                    });
                }
            }
        }

        // Local scopes need no care: they start and end at statement boundaries, which are never a prefix or a
        // prefixed call.
    }

    private static Instruction? Moved(Dictionary<Instruction, Instruction> moved, Instruction? instruction) =>
        instruction != null && moved.TryGetValue(instruction, out var replacement) ? replacement : instruction;
}
