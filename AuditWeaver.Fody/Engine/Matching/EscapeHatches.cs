using System.Linq;
using Mono.Cecil;

namespace AuditWeaver.Fody.Engine;

/// <summary>
/// The two declarations that reach code with no audited member in between: P/Invoke (native code) and
/// <c>[UnsafeAccessor]</c> (private members without reflection). The engine lists them and audits their call sites.
/// </summary>
internal static class EscapeHatches
{
    /// <summary>The native function a P/Invoke declaration calls: its EntryPoint, by default the method's own name.</summary>
    internal static string EntryPoint(MethodDefinition method, PInvokeInfo info) =>
        string.IsNullOrEmpty(info.EntryPoint) ? method.Name : info.EntryPoint;

    /// <summary>The method's <c>[UnsafeAccessor]</c> attribute, or null.</summary>
    internal static CustomAttribute? UnsafeAccessor(MethodDefinition method) =>
        !method.HasCustomAttributes ? null : method.CustomAttributes.FirstOrDefault(a => a.AttributeType.FullName == "System.Runtime.CompilerServices.UnsafeAccessorAttribute");

    /// <summary>
    /// The type named by <c>[UnsafeAccessorType("Type, Assembly")]</c> on a parameter or return value (.NET 10), with which
    /// an accessor reaches a type it cannot mention, its signature saying only <c>object</c>; null without one.
    /// </summary>
    internal static (string Type, string? Assembly)? UnsafeAccessorType(ICustomAttributeProvider target)
    {
        var attribute = target.CustomAttributes.FirstOrDefault(a => a.AttributeType.FullName == "System.Runtime.CompilerServices.UnsafeAccessorTypeAttribute");
        if (attribute?.ConstructorArguments.FirstOrDefault().Value is not string name)
        {
            return null;
        }

        // The assembly follows the first comma outside the brackets of generic arguments.
        var depth = 0;
        for (var i = 0; i < name.Length; i++)
        {
            depth += name[i] == '[' ? 1 : name[i] == ']' ? -1 : 0;
            if (name[i] == ',' && depth == 0)
            {
                return (name.Substring(0, i).Trim(), name.Substring(i + 1).Split(',')[0].Trim());
            }
        }

        return (name.Trim(), null);
    }
}
