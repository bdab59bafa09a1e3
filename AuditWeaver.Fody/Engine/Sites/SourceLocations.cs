using System.Collections.Generic;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace AuditWeaver.Fody.Engine;

/// <summary>
/// The source line of an instruction the way the runtime computes it for stack traces: the nearest visible sequence
/// point at or before it in IL order.
/// </summary>
internal sealed class SourceLocations
{
    private const int HiddenLine = 0xFEEFEE;

    private readonly IDictionary<Instruction, SequencePoint>? _points;

    internal SourceLocations(MethodDefinition method)
    {
        _points = method.DebugInformation.HasSequencePoints ? method.DebugInformation.GetSequencePointMapping() : null;
    }

    internal SequencePoint? Find(Instruction instruction)
    {
        if (_points == null)
        {
            return null;
        }

        for (var current = instruction; current != null; current = current.Previous)
        {
            if (_points.TryGetValue(current, out var point) && point.StartLine != HiddenLine)
            {
                return point;
            }
        }

        return null;
    }
}
