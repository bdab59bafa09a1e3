using System.Reflection.Emit;

namespace AuditWeaver.Fody.Validation;

/// <summary>Every IL opcode's operand type, by its encoded value (one byte, or 0xFE and a second byte): from the runtime's own OpCodes.</summary>
internal static class ILOperands
{
    private static readonly OperandType?[] s_oneByte = new OperandType?[256];
    private static readonly OperandType?[] s_twoByte = new OperandType?[256];

    static ILOperands()
    {
        foreach (var field in typeof(OpCodes).GetFields())
        {
            // The reserved prefix bytes (0xF8-0xFF) are listed too, but no encoder emits them and Cecil reads no instruction there.
            if (field.GetValue(null) is OpCode code && code.OpCodeType != OpCodeType.Nternal)
            {
                var value = (ushort)code.Value;
                if (code.Size == 1)
                {
                    s_oneByte[value] = code.OperandType;
                }
                else
                {
                    s_twoByte[value & 0xFF] = code.OperandType;
                }
            }
        }
    }

    /// <summary>The operand type, or null for a byte that is no opcode.</summary>
    internal static OperandType? Of(int first, int second) => first == 0xFE ? s_twoByte[second] : s_oneByte[first];
}
