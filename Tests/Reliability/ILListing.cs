using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace Tests.Reliability;

/// <summary>
/// A method body decoded with System.Reflection.Metadata into instructions rendered without anything a rewrite may
/// renumber: tokens become member names, branch targets are left out, short and long forms read the same. Two
/// listings of one method, before and after weaving, then differ only where instructions were inserted or replaced.
/// </summary>
internal sealed class ILListing
{
    private static readonly Dictionary<int, OpCode> s_opCodes = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => (int)(ushort)o.Value);

    private ILListing(IReadOnlyList<int> offsets, IReadOnlyList<string> texts, int size)
    {
        Offsets = offsets;
        Texts = texts;
        Size = size;
    }

    internal IReadOnlyList<int> Offsets { get; }

    internal IReadOnlyList<string> Texts { get; }

    /// <summary>The body's length in bytes: the offset a range reaching the end of the method ends at.</summary>
    internal int Size { get; }

    /// <summary>The instruction starting at <paramref name="offset"/>; null when the offset falls inside one.</summary>
    internal int? IndexAt(int offset)
    {
        var index = Offsets.ToList().BinarySearch(offset);
        return index >= 0 ? index : null;
    }

    internal static ILListing Read(MetadataReader metadata, MethodBodyBlock body)
    {
        var offsets = new List<int>();
        var texts = new List<string>();
        var reader = body.GetILReader();
        while (reader.RemainingBytes > 0)
        {
            offsets.Add(reader.Offset);
            int value = reader.ReadByte();
            if (value == 0xFE)
            {
                value = 0xFE00 | reader.ReadByte();
            }

            var opCode = s_opCodes[value];
            var name = opCode.Name!.EndsWith(".s", StringComparison.Ordinal) ? opCode.Name[..^2] : opCode.Name;
            var operand = Operand(metadata, ref reader, opCode.OperandType);
            texts.Add(operand.Length == 0 ? name : name + " " + operand);
        }

        return new ILListing(offsets, texts, body.Size);
    }

    private static string Operand(MetadataReader metadata, ref BlobReader reader, OperandType type)
    {
        switch (type)
        {
            case OperandType.InlineNone:
                return string.Empty;
            case OperandType.ShortInlineBrTarget:
                reader.ReadSByte();
                return string.Empty;
            case OperandType.InlineBrTarget:
                reader.ReadInt32();
                return string.Empty;
            case OperandType.InlineSwitch:
                var count = reader.ReadInt32();
                for (var i = 0; i < count; i++)
                {
                    reader.ReadInt32();
                }

                return count.ToString(CultureInfo.InvariantCulture);
            case OperandType.ShortInlineI:
                return reader.ReadSByte().ToString(CultureInfo.InvariantCulture);
            case OperandType.ShortInlineVar:
                return reader.ReadByte().ToString(CultureInfo.InvariantCulture);
            case OperandType.InlineVar:
                return reader.ReadUInt16().ToString(CultureInfo.InvariantCulture);
            case OperandType.InlineI:
                return reader.ReadInt32().ToString(CultureInfo.InvariantCulture);
            case OperandType.InlineI8:
                return reader.ReadInt64().ToString(CultureInfo.InvariantCulture);
            case OperandType.ShortInlineR:
                return reader.ReadSingle().ToString("R", CultureInfo.InvariantCulture);
            case OperandType.InlineR:
                return reader.ReadDouble().ToString("R", CultureInfo.InvariantCulture);
            case OperandType.InlineString:
                return "\"" + metadata.GetUserString(MetadataTokens.UserStringHandle(reader.ReadInt32() & 0xFFFFFF)) + "\"";
            case OperandType.InlineSig:
                reader.ReadInt32();
                return "signature";
            default:
                return MemberName(metadata, MetadataTokens.EntityHandle(reader.ReadInt32()));
        }
    }

    /// <summary>A member's or type's name as "Namespace.Type::Member"; type specifications by kind only.</summary>
    internal static string MemberName(MetadataReader metadata, EntityHandle handle)
    {
        switch (handle.Kind)
        {
            case HandleKind.MethodDefinition:
                var method = metadata.GetMethodDefinition((MethodDefinitionHandle)handle);
                return MemberName(metadata, method.GetDeclaringType()) + "::" + metadata.GetString(method.Name);
            case HandleKind.FieldDefinition:
                var field = metadata.GetFieldDefinition((FieldDefinitionHandle)handle);
                return MemberName(metadata, field.GetDeclaringType()) + "::" + metadata.GetString(field.Name);
            case HandleKind.MemberReference:
                var member = metadata.GetMemberReference((MemberReferenceHandle)handle);
                return MemberName(metadata, member.Parent) + "::" + metadata.GetString(member.Name);
            case HandleKind.MethodSpecification:
                return MemberName(metadata, metadata.GetMethodSpecification((MethodSpecificationHandle)handle).Method) + "<...>";
            case HandleKind.TypeDefinition:
                var definition = metadata.GetTypeDefinition((TypeDefinitionHandle)handle);
                var declaring = definition.GetDeclaringType();
                return (declaring.IsNil ? metadata.GetString(definition.Namespace) + "." : MemberName(metadata, declaring) + "/") + metadata.GetString(definition.Name);
            case HandleKind.TypeReference:
                var reference = metadata.GetTypeReference((TypeReferenceHandle)handle);
                return metadata.GetString(reference.Namespace) + "." + metadata.GetString(reference.Name);
            case HandleKind.ModuleReference:
                return metadata.GetString(metadata.GetModuleReference((ModuleReferenceHandle)handle).Name);
            default:
                return handle.Kind.ToString();
        }
    }
}
