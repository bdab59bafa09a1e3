using System.Collections.Generic;
using AuditWeaver.Fody.Engine;
using Mono.Cecil.Cil;

namespace Tests.Infrastructure;

/// <summary>An engine log that keeps warnings and errors, for weaves that must report none.</summary>
internal sealed class ErrorLog : IWeaverLog
{
    internal List<string> Errors { get; } = new();

    public void Info(string message)
    {
    }

    public void Warning(string message, SequencePoint? location) => Errors.Add(message);

    public void Error(string message, SequencePoint? location) => Errors.Add(message);
}
