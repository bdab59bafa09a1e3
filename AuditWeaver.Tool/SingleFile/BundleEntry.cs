namespace AuditWeaver.Tool.SingleFile;

/// <summary>What the host does with a bundled file; the values are the host's own (one byte in the manifest).</summary>
internal enum BundleFileType : byte
{
    /// <summary>Extracted to disk when the app starts (also everything a .NET Core 3 bundle holds).</summary>
    Unknown = 0,

    /// <summary>A managed assembly: the runtime maps it straight out of the bundle, so its offset must be aligned.</summary>
    Assembly = 1,

    /// <summary>A native library, extracted to disk before it is loaded.</summary>
    NativeBinary = 2,

    /// <summary>The app's deps.json, read by the host from the bundle; its location is also in the header.</summary>
    DepsJson = 3,

    /// <summary>The app's runtimeconfig.json, read by the host from the bundle; its location is also in the header.</summary>
    RuntimeConfigJson = 4,

    /// <summary>A PDB.</summary>
    Symbols = 5,
}

/// <summary>
/// One file of a bundle as its manifest describes it. <see cref="Offset"/> counts from the start of the whole file;
/// a compressed entry (bundle version 6 and later) stores <see cref="CompressedSize"/> bytes of raw Deflate there.
/// </summary>
internal sealed record BundleEntry(long Offset, long Size, long CompressedSize, BundleFileType Type, string RelativePath)
{
    internal bool IsCompressed => CompressedSize > 0;

    /// <summary>How many bytes the entry takes in the bundle file.</summary>
    internal long StoredSize => IsCompressed ? CompressedSize : Size;
}
