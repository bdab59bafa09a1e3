using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace AuditWeaver.Fody.Engine;

/// <summary>
/// Makes a woven module call <c>ModuleStartup.Run()</c> when it loads, so that consumers configured by the environment
/// (the event log) are listening before the module's first audited call site runs.
/// </summary>
internal static class ModuleInitializer
{
    internal static void Add(ModuleDefinition module, RuntimeReferences runtime)
    {
        // The module's own type is the first TypeDef row (ECMA-335 II.22.37), whatever it is named; validation saw to it
        // that there is one, and that it is not nested.
        var moduleType = module.Types.FirstOrDefault(t => t.Name == "<Module>") ?? module.Types.First(t => t.MetadataToken.RID == 1);
        var initializer = moduleType.Methods.FirstOrDefault(m => m.IsConstructor && m.IsStatic);
        if (initializer == null)
        {
            initializer = ModuleAdditions.StaticConstructor(module);
            initializer.Body.Instructions.Add(Instruction.Create(OpCodes.Ret));
            moduleType.Methods.Add(initializer);
        }

        // ModuleStartup.Run(); before whatever the module's own initializer does.
        new ILEditor(initializer.Body).Prepend(new[] { Instruction.Create(OpCodes.Call, runtime.ModuleStartup) });
    }
}
