using System.Collections.Generic;
using System.Globalization;
using AuditWeaver.Fody.Engine;
using Mono.Cecil.Cil;

namespace AuditWeaver.Tool.Processing;

/// <summary>The engine's log for one assembly: its errors fail that assembly, its messages become notices.</summary>
internal sealed class ToolLog : IWeaverLog
{
    internal List<string> Errors { get; } = new();

    internal List<string> Warnings { get; } = new();

    public void Info(string message)
    {
    }

    public void Warning(string message, SequencePoint? location) => Warnings.Add(At(location) + message);

    public void Error(string message, SequencePoint? location) => Errors.Add(At(location) + message);

    private static string At(SequencePoint? location) =>
        location == null ? string.Empty : location.Document.Url + "(" + location.StartLine.ToString(CultureInfo.InvariantCulture) + "): ";
}
