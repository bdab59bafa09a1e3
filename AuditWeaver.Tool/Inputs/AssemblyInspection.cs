using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection.PortableExecutable;
using AuditWeaver.Fody.Applications;
using AuditWeaver.Fody.Validation;

namespace AuditWeaver.Tool.Inputs;

/// <summary>
/// What one file of the input is: a framework assembly (known by name), a file that cannot be read (the PE headers and
/// method bodies are checked here first, then the whole image by <see cref="ImageValidator"/>, since Cecil reads damage
/// without a word or fails deep inside), or an assembly whose facts the shared rules (<see cref="AssemblyClassifier"/>)
/// judge woven or passed over. Cecil reads only validated images, so what it throws then is a bug, not damage.
/// </summary>
internal sealed class AssemblyInspection
{
    private AssemblyInspection(AssemblyClassification? classification, string? error)
    {
        Classification = classification;
        Error = error;
    }

    /// <summary>What the shared rules say the file is; null when it cannot be read (<see cref="Error"/>).</summary>
    internal AssemblyClassification? Classification { get; }

    /// <summary>Why the file cannot be read at all: not a PE file, corrupt metadata, or the file cannot be opened.</summary>
    internal string? Error { get; }

    /// <summary>Why the file is passed over (not an input mistake): framework, native, reference assembly, satellite, woven.</summary>
    internal string? SkipReason => Classification?.Reason;

    /// <summary>A framework assembly woven with the framework (<c>--framework</c>).</summary>
    internal bool IsWovenFramework => Classification is { Role: AssemblyRole.Framework, IsWoven: true };

    /// <summary>The facts of an assembly that is woven (read for every file that is not a framework one).</summary>
    internal AssemblyFacts Facts => Classification?.Facts ?? throw new InvalidOperationException("A file that was not read has no facts.");

    internal static AssemblyInspection Inspect(string path, ISet<string> frameworkFileNames, bool weaveFramework = false)
    {
        // A framework assembly passed over is known by its name; one that is woven is checked like any other.
        var name = Path.GetFileName(path);
        if (frameworkFileNames.Contains(name) && (!weaveFramework || string.Equals(name, AssemblyClassifier.CoreLibraryFileName, StringComparison.OrdinalIgnoreCase)))
        {
            return new AssemblyInspection(AssemblyClassifier.Classify(path, frameworkFileNames, weaveFramework), null);
        }

        if (Damage(path) is { } damage)
        {
            return new AssemblyInspection(null, damage);
        }

        try
        {
            return new AssemblyInspection(AssemblyClassifier.Classify(path, frameworkFileNames, weaveFramework), null);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return new AssemblyInspection(null, "cannot be read (" + exception.Message.TrimEnd('.') + ").");
        }
    }

    // Null for a file whose headers and method bodies are sound (or that is native code, which is passed over).
    private static string? Damage(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new PEReader(stream);
            var headers = reader.PEHeaders;
            if (Truncation(headers, stream.Length) is { } truncated)
            {
                return truncated;
            }

            // Native code, or (when the CLI header's directory is set) a damaged assembly, which the validator names.
            if (!reader.HasMetadata || headers.CorHeader == null)
            {
                stream.Dispose();
                return PortableExecutableProbe.HasCliHeader(path) ? ImageValidator.Validate(path) : null;
            }

            // The whole image, before anything else reads its metadata (System.Reflection.Metadata's own reader throws
            // OverflowException on some damaged stream headers; Cecil, whatever the bytes lead it to).
            return ImageValidator.Validate(path);
        }
        catch (BadImageFormatException exception) when (NotPortableExecutable(path) is { } format)
        {
            return "not a PE file (" + (format.Length > 0 ? format : exception.Message.TrimEnd('.')) + ").";
        }
        catch (Exception exception) when (exception is BadImageFormatException or InvalidOperationException)
        {
            return "its metadata is corrupt (" + exception.Message.TrimEnd('.') + ").";
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return "cannot be read (" + exception.Message.TrimEnd('.') + ").";
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
