using System;
using System.IO;
using System.Linq;

namespace AuditWeaver.Tool.SingleFile;

/// <summary>
/// A single-file app (PublishSingleFile): an apphost whose bundle header offset is set, followed by the bundled files
/// and the manifest. Layout: [host][files, assemblies aligned][manifest]; the host's placeholder points at the manifest.
/// </summary>
internal sealed class SingleFileBundle
{
    private SingleFileBundle(string path, long markerPosition, long hostLength, int assemblyAlignment, BundleManifest manifest)
    {
        Path = path;
        MarkerPosition = markerPosition;
        HostLength = hostLength;
        AssemblyAlignment = assemblyAlignment;
        Manifest = manifest;
    }

    internal string Path { get; }

    /// <summary>Where the host's placeholder keeps the header offset.</summary>
    internal long MarkerPosition { get; }

    /// <summary>The bytes before the first bundled file: the apphost (and the padding that aligned the first file).</summary>
    internal long HostLength { get; }

    /// <summary>
    /// The boundary bundled assemblies start on, because the runtime maps them straight from the file: 4096 on Linux
    /// Arm64 (so that ReadyToRun code keeps its page alignment), 16 elsewhere, as the SDK's bundler does.
    /// </summary>
    internal int AssemblyAlignment { get; }

    internal BundleManifest Manifest { get; }

    internal bool IsCompressed => Manifest.Entries.Any(e => e.IsCompressed);

    /// <summary>Self-contained bundles carry the runtime itself.</summary>
    internal bool IsSelfContained => Manifest.Entries.Any(e => e.RelativePath == "System.Private.CoreLib.dll");

    /// <summary>Whether <paramref name="path"/> is an apphost whose bundle header offset is set. Reads no more than it must.</summary>
    internal static bool IsBundle(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return HostFormat(stream) != null && BundleMarker.TryFind(stream, out _, out var headerOffset) && headerOffset != 0;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A file that cannot be read is reported by whatever reads it next, as for any other file.
            return false;
        }
    }

    /// <summary>Reads the bundle's host and manifest; throws <see cref="BundleFormatException"/> saying what is wrong.</summary>
    internal static SingleFileBundle Open(string path)
    {
        using var stream = File.OpenRead(path);
        var format = HostFormat(stream);
        if (format == "Mach-O")
        {
            throw new BundleFormatException("it is a macOS single-file app; a rebuilt bundle would need a new code signature, which this tool cannot make.");
        }

        if (format == null || !BundleMarker.TryFind(stream, out var marker, out var headerOffset) || headerOffset == 0)
        {
            throw new BundleFormatException("it is not a single-file app (no apphost with a bundle header offset).");
        }

        var manifest = BundleManifest.Read(stream, headerOffset, marker + BundleMarker.Length);
        var hostLength = manifest.Entries.Min(e => e.Offset);
        return new SingleFileBundle(path, marker, hostLength, Alignment(stream, format), manifest);
    }

    // Apphosts are ELF (Linux), PE (Windows) or Mach-O (macOS) executables; nothing else carries the placeholder.
    private static string? HostFormat(Stream stream)
    {
        Span<byte> magic = stackalloc byte[4];
        stream.Position = 0;
        if (stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) < 4)
        {
            return null;
        }

        return magic switch
        {
            [0x7f, (byte)'E', (byte)'L', (byte)'F'] => "ELF",
            [(byte)'M', (byte)'Z', _, _] => "PE",
            [0xcf, 0xfa, 0xed, 0xfe] or [0xfe, 0xed, 0xfa, 0xcf] => "Mach-O",
            _ => null,
        };
    }

    private static int Alignment(Stream stream, string format)
    {
        const ushort ElfMachineArm64 = 183;
        if (format != "ELF")
        {
            return 16;
        }

        // e_machine: two bytes at offset 18 of the ELF header, in the file's byte order (little-endian on every .NET target).
        Span<byte> machine = stackalloc byte[2];
        stream.Position = 18;
        stream.ReadExactly(machine);
        return BitConverter.ToUInt16(machine) == ElfMachineArm64 ? 4096 : 16;
    }
}
