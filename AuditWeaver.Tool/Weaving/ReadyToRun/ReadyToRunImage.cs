using System;
using System.IO;
using System.Reflection.PortableExecutable;

namespace AuditWeaver.Tool.Weaving.ReadyToRun;

/// <summary>
/// What a file's headers say about precompiled code: whether it is a ReadyToRun image (its CLI header points at a
/// managed native header that starts with the READYTORUN signature) and the operating system and architecture its code
/// was compiled for (ReadyToRun images outside Windows carry the machine type XOR-ed with a value naming the OS).
/// </summary>
internal static class ReadyToRunImage
{
    // "RTR", little-endian: READYTORUN_SIGNATURE in the runtime's readytorun.h.
    private const uint Signature = 0x00525452;

    private static readonly (string Os, ushort Xor)[] s_operatingSystems = { ("windows", 0), ("linux", 0x7B79), ("osx", 0x4644), ("freebsd", 0xADC4), ("netbsd", 0x1993) };
    private static readonly (string Arch, Machine Machine)[] s_architectures = { ("x64", Machine.Amd64), ("arm64", Machine.Arm64), ("x86", Machine.I386), ("arm", Machine.ArmThumb2), ("loongarch64", (Machine)0x6264), ("riscv64", (Machine)0x5064) };

    internal static bool IsReadyToRun(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new PEReader(stream);
        var header = reader.PEHeaders.CorHeader?.ManagedNativeHeaderDirectory;
        if (header is not { Size: >= 4 } directory || !reader.PEHeaders.TryGetDirectoryOffset(directory, out var offset))
        {
            return false;
        }

        var bytes = new byte[4];
        stream.Position = offset;
        return stream.Read(bytes, 0, 4) == 4 && BitConverter.ToUInt32(bytes, 0) == Signature;
    }

    /// <summary>The target of a ReadyToRun image's code, as crossgen2's --targetos and --targetarch name it; null when unknown.</summary>
    internal static (string Os, string Arch)? TargetOf(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new PEReader(stream);
        var machine = (ushort)reader.PEHeaders.CoffHeader.Machine;
        foreach (var (os, xor) in s_operatingSystems)
        {
            foreach (var (arch, value) in s_architectures)
            {
                if ((ushort)(machine ^ xor) == (ushort)value)
                {
                    return (os, arch);
                }
            }
        }

        return null;
    }
}
