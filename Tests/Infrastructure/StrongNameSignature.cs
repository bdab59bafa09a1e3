using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;

namespace Tests.Infrastructure;

/// <summary>
/// Checks an assembly's strong-name signature against its own public key, as the .NET Framework loader does (.NET
/// never checks it, so a broken signature would go unnoticed here until an assembly reaches a Framework host).
/// </summary>
internal static class StrongNameSignature
{
    private const int SectionHeaderSize = 40;

    internal static bool IsValid(string path)
    {
        var image = File.ReadAllBytes(path);
        using var reader = new PEReader(new MemoryStream(image));
        var headers = reader.PEHeaders;
        var cor = headers.CorHeader;
        if (cor == null || (cor.Flags & CorFlags.StrongNameSigned) == 0 || cor.StrongNameSignatureDirectory.Size == 0
            || !headers.TryGetDirectoryOffset(cor.StrongNameSignatureDirectory, out var signatureOffset))
        {
            return false;
        }

        var metadata = reader.GetMetadataReader();
        var publicKey = metadata.GetBlobBytes(metadata.GetAssemblyDefinition().PublicKey);
        var signature = image.AsSpan(signatureOffset, cor.StrongNameSignatureDirectory.Size).ToArray();
        Array.Reverse(signature);
        using var rsa = RSA.Create(PublicParameters(publicKey));
        return rsa.VerifyHash(Hash(image, headers, signatureOffset, signature.Length, HashAlgorithm(publicKey)), signature, HashAlgorithm(publicKey), RSASignaturePadding.Pkcs1);
    }

    // The hashed content (ECMA-335 II.6.2.1.3, as the compilers and Cecil compute it): the PE headers up to the end of
    // the section table with the checksum and the certificate-table entry zeroed, then every section's raw data
    // except the signature itself.
    private static byte[] Hash(byte[] image, PEHeaders headers, int signatureOffset, int signatureSize, HashAlgorithmName algorithm)
    {
        var peHeader = headers.PEHeaderStartOffset;
        var headerSize = peHeader + headers.CoffHeader.SizeOfOptionalHeader + headers.CoffHeader.NumberOfSections * SectionHeaderSize;
        var headerCopy = image.AsSpan(0, headerSize).ToArray();
        const int ChecksumOffset = 64;
        headerCopy.AsSpan(peHeader + ChecksumOffset, 4).Clear();
        var certificateEntry = peHeader + (headers.PEHeader!.Magic == PEMagic.PE32Plus ? 144 : 128);
        headerCopy.AsSpan(certificateEntry, 8).Clear();

        using var hash = IncrementalHash.CreateHash(algorithm);
        hash.AppendData(headerCopy);
        foreach (var section in headers.SectionHeaders.OrderBy(s => s.PointerToRawData))
        {
            foreach (var (start, end) in Without(section.PointerToRawData, section.PointerToRawData + section.SizeOfRawData, signatureOffset, signatureOffset + signatureSize))
            {
                hash.AppendData(image, start, end - start);
            }
        }

        return hash.GetHashAndReset();
    }

    private static IEnumerable<(int Start, int End)> Without(int start, int end, int holeStart, int holeEnd)
    {
        if (holeEnd <= start || holeStart >= end)
        {
            yield return (start, end);
            yield break;
        }

        if (holeStart > start)
        {
            yield return (start, holeStart);
        }

        if (holeEnd < end)
        {
            yield return (holeEnd, end);
        }
    }

    // The public key blob: SigAlgID, HashAlgID, length, then a CryptoAPI PUBLICKEYBLOB (BLOBHEADER, RSAPUBKEY, modulus).
    private static HashAlgorithmName HashAlgorithm(byte[] publicKey) => BitConverter.ToUInt32(publicKey, 4) switch
    {
        0x8004 => HashAlgorithmName.SHA1,
        0x800C => HashAlgorithmName.SHA256,
        0x800D => HashAlgorithmName.SHA384,
        0x800E => HashAlgorithmName.SHA512,
        var other => throw new NotSupportedException("Hash algorithm 0x" + other.ToString("X", System.Globalization.CultureInfo.InvariantCulture)),
    };

    private static RSAParameters PublicParameters(byte[] publicKey)
    {
        const int Rsa = 12 + 8;
        var bits = BitConverter.ToInt32(publicKey, Rsa + 4);
        var exponent = BitConverter.GetBytes(BitConverter.ToUInt32(publicKey, Rsa + 8)).Reverse().SkipWhile(b => b == 0).ToArray();
        var modulus = publicKey.AsSpan(Rsa + 12, bits / 8).ToArray();
        Array.Reverse(modulus);
        return new RSAParameters { Exponent = exponent, Modulus = modulus };
    }
}
