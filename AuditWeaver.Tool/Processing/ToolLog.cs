using System.Collections.Generic;
using System.Globalization;
using AuditWeaver.Fody.Engine;
using Mono.Cecil.Cil;

namespace AuditWeaver.Tool.Processing;

/// <summary>
/// The engine's log for one assembly: its errors fail that assembly. Info and warnings are dropped: what the engine
/// found (sites, escape hatches) comes back in its result, which the progress lines and reports already show.
/// </summary>
internal sealed class ToolLog : IWeaverLog
{
    internal List<string> Errors { get; } = new();

    public void Info(string message)
    {
    }

    public void Warning(string message, SequencePoint? location)
    {
    }

    public void Error(string message, SequencePoint? location) => Errors.Add(At(location) + message);

    private static string At(SequencePoint? location) =>
        location == null ? string.Empty : location.Document.Url + "(" + location.StartLine.ToString(CultureInfo.InvariantCulture) + "): ";
}
