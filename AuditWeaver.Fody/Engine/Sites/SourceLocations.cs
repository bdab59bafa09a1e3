using System.Collections.Generic;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace AuditWeaver.Fody.Engine;

/// <summary>
/// The source line of an instruction the way the runtime computes it for stack traces: the nearest visible sequence
/// point at or before it in IL order. The instruction-to-point map is built on the first question: most methods the
/// engine looks at have nothing to locate, and building it for each (a dictionary keyed by every instruction with a
/// point) was a tenth of a scan's time.
/// </summary>
internal sealed class SourceLocations
{
    private const int HiddenLine = 0xFEEFEE;

    private readonly MethodDefinition _method;
    private IDictionary<Instruction, SequencePoint>? _points;
    private bool _mapped;

    internal SourceLocations(MethodDefinition method)
    {
        _method = method;
    }

    /// <summary>
    /// Builds the map now. The map pairs points with instructions by IL offset, which only the body as read has: a
    /// caller that is about to insert instructions calls this first.
    /// </summary>
    internal void Map()
    {
        if (!_mapped)
        {
            _mapped = true;
            _points = _method.DebugInformation.HasSequencePoints ? _method.DebugInformation.GetSequencePointMapping() : null;
        }
    }

    internal SequencePoint? Find(Instruction instruction)
    {
        Map();
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
