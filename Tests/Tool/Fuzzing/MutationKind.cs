namespace Tests.Tool.Fuzzing;

/// <summary>How a mutant differs from its original (issue 17's campaign classes).</summary>
public enum MutationKind
{
    FlipAnywhere,
    FlipPeHeaders,
    FlipCliHeader,
    FlipMetadataRoot,
    FlipTableStream,
    FlipStrings,
    FlipBlobs,
    FlipUserStrings,
    FlipMethodBody,
    Truncate,
    DuplicateChunk,
    ZeroSection,
    HugeRowCount,
    CorruptPdb,
}
