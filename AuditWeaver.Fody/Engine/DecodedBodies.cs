using System.Reflection;
using Mono.Cecil;

namespace AuditWeaver.Fody.Engine;

/// <summary>
/// Hands back to Cecil the method bodies the engine decoded only to look for calls. Cecil writes a body it never
/// decoded by copying its bytes, but encodes a decoded one again instruction by instruction: with every body decoded,
/// weaving a large assembly cost about twice reading and writing it (docs/performance.md). A body that was already
/// decoded when the engine came to it (another weaver may have changed it in memory) is never released.
/// </summary>
internal static class DecodedBodies
{
    // Cecil has no public way to ask whether a body is decoded. Without this field (another Cecil), nothing is released.
    private static readonly FieldInfo? s_body = FindBodyField();

    internal static bool IsDecoded(MethodDefinition method) => s_body == null || s_body.GetValue(method) != null;

    /// <summary>Drops a decoded, unchanged body; Cecil reads it again from the image if anything asks for it.</summary>
    internal static void Release(MethodDefinition method)
    {
        // A body without an address in the image was made in memory: dropping it would lose it.
        if (s_body != null && method.RVA != 0)
        {
            method.Body = null;
        }
    }

    private static FieldInfo? FindBodyField()
    {
        var field = typeof(MethodDefinition).GetField("body", BindingFlags.Instance | BindingFlags.NonPublic);
        return field?.FieldType == typeof(Mono.Cecil.Cil.MethodBody) ? field : null;
    }
}
