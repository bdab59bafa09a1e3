using Mono.Cecil;

namespace AuditWeaver.Fody.Engine;

/// <summary>Members and attributes the engine adds to a module, built against the module's own core library.</summary>
internal static class ModuleAdditions
{
    /// <summary>A static constructor with an empty body, for the caller to fill and add to its type.</summary>
    internal static MethodDefinition StaticConstructor(ModuleDefinition module) =>
        new(
            ".cctor",
            MethodAttributes.Private | MethodAttributes.Static | MethodAttributes.HideBySig | MethodAttributes.SpecialName | MethodAttributes.RTSpecialName,
            module.TypeSystem.Void);

    /// <summary>
    /// <c>[Name]</c> for an attribute of the module's own core library with a parameterless constructor, whatever
    /// framework the weaver itself runs on.
    /// </summary>
    internal static CustomAttribute CoreLibraryAttribute(ModuleDefinition module, string @namespace, string name)
    {
        var type = new TypeReference(@namespace, name, module, module.TypeSystem.CoreLibrary);
        return new CustomAttribute(new MethodReference(".ctor", module.TypeSystem.Void, type) { HasThis = true });
    }
}
