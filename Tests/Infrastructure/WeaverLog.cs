using System.Collections.Generic;
using AuditWeaver.Fody.Engine;
using Mono.Cecil.Cil;

namespace Tests.Infrastructure;

/// <summary>An engine log that keeps what the engine said: information, and warnings and errors with their location.</summary>
internal sealed class WeaverLog : IWeaverLog
{
    internal List<string> Infos { get; } = new();

    /// <summary>Warnings and errors, in order: a weave that must be clean reports none.</summary>
    internal List<(string Message, SequencePoint? Location)> Problems { get; } = new();

    public void Info(string message) => Infos.Add(message);

    public void Warning(string message, SequencePoint? location) => Problems.Add((message, location));

    public void Error(string message, SequencePoint? location) => Problems.Add((message, location));
}
