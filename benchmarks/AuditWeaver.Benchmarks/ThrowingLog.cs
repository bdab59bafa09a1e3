using System;
using AuditWeaver.Fody.Engine;
using Mono.Cecil.Cil;

namespace AuditWeaver.Benchmarks;

/// <summary>A weaving error would make every figure meaningless: it stops the benchmark instead of being logged.</summary>
internal sealed class ThrowingLog : IWeaverLog
{
    internal static readonly ThrowingLog Instance = new();

    public void Info(string message)
    {
    }

    public void Warning(string message, SequencePoint? location)
    {
    }

    public void Error(string message, SequencePoint? location) =>
        throw new InvalidOperationException("Weaving failed: " + message);
}
