using System.Collections.Generic;
using System.Linq;
using AuditWeaver.Fody.Engine;
using Fody;
using Mono.Cecil.Cil;

namespace AuditWeaver.Fody;

/// <summary>Fody's entry point: adapts Fody's logging and module to the weaving engine.</summary>
public sealed class ModuleWeaver : BaseModuleWeaver
{
    /// <summary>The call sites the last run audited (for tests and reports).</summary>
    public WeaveResult? Result { get; private set; }

    public override void Execute()
    {
        try
        {
            Result = new AuditWeavingEngine(new WeaverOptions(), new FodyLog(this)).Weave(ModuleDefinition);
            WriteInfo("AuditWeaver: " + Result.Sites.Count + " call sites audited in " + ModuleDefinition.Name + ".");
        }
        catch (AuditWeavingException exception)
        {
            WriteError(exception.Message, exception.Location);
        }
    }

    // References to the runtime are built by name (RuntimeReferences), so Fody need not scan any assembly.
    public override IEnumerable<string> GetAssembliesForScanning() => Enumerable.Empty<string>();

    // Users reference the runtime to add hooks; woven code calls it too. Fody must keep the reference.
    public override bool ShouldCleanReference => false;

    private sealed class FodyLog : IWeaverLog
    {
        private readonly ModuleWeaver _weaver;

        internal FodyLog(ModuleWeaver weaver)
        {
            _weaver = weaver;
        }

        public void Info(string message) => _weaver.WriteInfo(message);

        public void Warning(string message, SequencePoint? location) => _weaver.WriteWarning(message, location);

        public void Error(string message, SequencePoint? location) => _weaver.WriteError(message, location);
    }
}
