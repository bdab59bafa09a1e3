using Mono.Cecil.Cil;

namespace AuditWeaver.Fody.Engine;

/// <summary>Where the engine reports. Fody and the command-line tool each provide one.</summary>
public interface IWeaverLog
{
    void Info(string message);

    void Warning(string message, SequencePoint? location);

    void Error(string message, SequencePoint? location);
}
