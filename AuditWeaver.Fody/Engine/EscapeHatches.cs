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
        method.CustomAttributes.FirstOrDefault(a => a.AttributeType.FullName == "System.Runtime.CompilerServices.UnsafeAccessorAttribute");
}
