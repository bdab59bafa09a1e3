using System;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using AuditWeaver.Fody.Engine;

namespace AuditWeaver.Tool.Inputs;

/// <summary>
/// What the PE headers and metadata of one file say, read without Cecil: whether it is an assembly at all, and the facts
/// that decide whether it is woven and how it must be written back.
/// </summary>
internal sealed class AssemblyInspection
{
    private AssemblyInspection(string? skipReason, string? error)
    {
        SkipReason = skipReason;
        Error = error;
    }

    /// <summary>Why the file is passed over (not an input mistake): native, reference assembly, satellite, woven.</summary>
    internal string? SkipReason { get; private set; }

    /// <summary>Why the file cannot be read at all: not a PE file, corrupt metadata, or the file cannot be opened.</summary>
    internal string? Error { get; }

    internal string Name { get; private set; } = string.Empty;

    internal Version Version { get; private set; } = new();

    internal bool IsReadyToRun { get; private set; }

    /// <summary>The assembly has a public key (its identity includes it), whether or not the signature is there.</summary>
    internal bool HasPublicKey => PublicKey.Length > 0;

    internal byte[] PublicKey { get; private set; } = Array.Empty<byte>();

    internal bool IsSigned { get; private set; }

    internal bool HasEmbeddedPdb { get; private set; }

    internal static AssemblyInspection Inspect(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new PEReader(stream);
            var headers = reader.PEHeaders;
            if (Truncation(headers, stream.Length) is { } truncated)
            {
                return new AssemblyInspection(null, truncated);
            }

            if (!reader.HasMetadata || headers.CorHeader == null)
            {
                return new AssemblyInspection("native code, not a .NET assembly", null);
            }

            var metadata = reader.GetMetadataReader();
            if (!metadata.IsAssembly)
            {
                return new AssemblyInspection("a module of a multi-module assembly, not an assembly of its own", null);
            }

            if (BodyOverrun(reader, metadata) is { } overrun)
            {
                return new AssemblyInspection(null, overrun);
            }

            var inspection = new AssemblyInspection(null, null);
            inspection.Read(reader, headers, metadata);
            return inspection;
        }
        catch (BadImageFormatException exception) when (NotPortableExecutable(path) is { } format)
        {
            return new AssemblyInspection(null, "not a PE file (" + (format.Length > 0 ? format : exception.Message.TrimEnd('.')) + ").");
        }
        catch (Exception exception) when (exception is BadImageFormatException or InvalidOperationException)
        {
            return new AssemblyInspection(null, "its metadata is corrupt (" + exception.Message.TrimEnd('.') + ").");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return new AssemblyInspection(null, "cannot be read (" + exception.Message.TrimEnd('.') + ").");
        }
    }

    // A copy cut short (an interrupted download, a full disk) can still have sound headers and even sound metadata, and
    // Cecil reads the missing bytes as zeros or fails deep inside; the section table says how long the file must be.
    private static string? Truncation(PEHeaders headers, long length)
    {
        foreach (var section in headers.SectionHeaders)
        {
            var end = (long)section.PointerToRawData + section.SizeOfRawData;
            if (end > length)
            {
                return "is truncated: its section " + section.Name + " ends at byte " + end + ", but the file has " + length + " bytes.";
            }
        }

        return null;
    }

    // A method header whose code size runs past its section: Cecil reads what follows (or zeros) as IL without a word,
    // and the woven copy would carry the damage. Tiny headers keep the size in their first byte, fat ones in bytes 4-7.
    private static string? BodyOverrun(PEReader reader, MetadataReader metadata)
    {
        foreach (var handle in metadata.MethodDefinitions)
        {
            var method = metadata.GetMethodDefinition(handle);
            if (method.RelativeVirtualAddress == 0)
            {
                continue;
            }

            // From the body's header to the end of its section.
            var rest = reader.GetSectionData(method.RelativeVirtualAddress);
            var body = rest.GetReader();
            long headerSize = 1;
            long codeSize = 0;
            if (body.RemainingBytes >= 1)
            {
                var first = body.ReadByte();
                if ((first & 3) == 2)
                {
                    codeSize = first >> 2;
                }
                else if (rest.Length >= 8)
                {
                    body.Offset = 0;
                    headerSize = 4 * (body.ReadUInt16() >> 12);
                    body.ReadUInt16();
                    codeSize = body.ReadUInt32();
                }
                else
                {
                    headerSize = 12;
                }
            }

            if (headerSize + codeSize > rest.Length)
            {
                var type = metadata.GetTypeDefinition(method.GetDeclaringType());
                var typeName = metadata.GetString(type.Namespace) is { Length: > 0 } ns ? ns + "." + metadata.GetString(type.Name) : metadata.GetString(type.Name);
                return "the body of " + typeName + "::" + metadata.GetString(method.Name) + " runs past the end of its section (" + codeSize + " bytes of IL).";
            }
        }

        return null;
    }

    private void Read(PEReader reader, PEHeaders headers, MetadataReader metadata)
    {
        var definition = metadata.GetAssemblyDefinition();
        Name = metadata.GetString(definition.Name);
        Version = definition.Version;
        PublicKey = metadata.GetBlobBytes(definition.PublicKey);
        var cor = headers.CorHeader!;
        IsSigned = (cor.Flags & CorFlags.StrongNameSigned) != 0;
        IsReadyToRun = cor.ManagedNativeHeaderDirectory.Size > 0;
        HasEmbeddedPdb = reader.ReadDebugDirectory().Any(e => e.Type == DebugDirectoryEntryType.EmbeddedPortablePdb);
        var culture = metadata.GetString(definition.Culture);
        if (Name == RuntimeReferences.AssemblyName)
        {
            SkipReason = "the AuditWeaver runtime, which is never woven";
        }
        else if (HasAttribute(metadata, "System.Runtime.CompilerServices", "ReferenceAssemblyAttribute"))
        {
            SkipReason = "a reference assembly (metadata only, no code runs from it)";
        }
        else if (culture.Length > 0 && metadata.MethodDefinitions.Count == 0)
        {
            SkipReason = "a resource-only satellite assembly (culture " + culture + ")";
        }
        else if (metadata.TypeDefinitions.Select(metadata.GetTypeDefinition).Any(t => t.Namespace.IsNil && metadata.GetString(t.Name) == SiteTableBuilder.TypeName))
        {
            SkipReason = "already woven by AuditWeaver";
        }
        else if ((cor.Flags & CorFlags.ILOnly) == 0 && !IsReadyToRun)
        {
            SkipReason = "a mixed-mode (C++/CLI) assembly, whose native code cannot be rewritten";
        }
    }

    private static bool HasAttribute(MetadataReader metadata, string @namespace, string name)
    {
        foreach (var handle in metadata.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = metadata.GetCustomAttribute(handle);
            EntityHandle type = attribute.Constructor.Kind switch
            {
                HandleKind.MemberReference => metadata.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent,
                HandleKind.MethodDefinition => metadata.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor).GetDeclaringType(),
                _ => default,
            };
            var (typeNamespace, typeName) = type.Kind switch
            {
                HandleKind.TypeReference => (metadata.GetString(metadata.GetTypeReference((TypeReferenceHandle)type).Namespace), metadata.GetString(metadata.GetTypeReference((TypeReferenceHandle)type).Name)),
                HandleKind.TypeDefinition => (metadata.GetString(metadata.GetTypeDefinition((TypeDefinitionHandle)type).Namespace), metadata.GetString(metadata.GetTypeDefinition((TypeDefinitionHandle)type).Name)),
                _ => (string.Empty, string.Empty),
            };
            if (typeNamespace == @namespace && typeName == name)
            {
                return true;
            }
        }

        return false;
    }

    // Null for a file that starts as every PE file does ("MZ"): that is a damaged one. Anything else is not a PE file at
    // all; native binaries of other systems are named (a .dll name on one is the usual mix-up), other content is empty.
    private static string? NotPortableExecutable(string path)
    {
        var start = new byte[4];
        using (var stream = File.OpenRead(path))
        {
            stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        }

        return start switch
        {
            [(byte)'M', (byte)'Z', ..] => null,
            [0x7F, (byte)'E', (byte)'L', (byte)'F'] => "an ELF file: native code for Linux, not a .NET assembly",
            [0xCF or 0xCE, 0xFA, 0xED, 0xFE] or [0xFE, 0xED, 0xFA, 0xCE or 0xCF] or [0xCA, 0xFE, 0xBA, 0xBE] => "a Mach-O file: native code for macOS, not a .NET assembly",
            _ => string.Empty,
        };
    }
}
