using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;

namespace Tests.Infrastructure;

/// <summary>
/// A fresh RSA key pair in the .snk format the compiler reads (a CryptoAPI PRIVATEKEYBLOB), and the public key and token
/// an assembly signed with it carries.
/// </summary>
internal sealed class StrongNameKey
{
    private const uint RsaSign = 0x2400;
    private const uint Sha1 = 0x8004;

    private StrongNameKey(byte[] keyPair, byte[] publicKey)
    {
        KeyPair = keyPair;
        PublicKey = publicKey;
    }

    /// <summary>The contents of the .snk file.</summary>
    internal byte[] KeyPair { get; }

    /// <summary>The public key as an assembly's metadata holds it.</summary>
    internal byte[] PublicKey { get; }

    /// <summary>The last eight bytes of the public key's SHA-1, reversed (ECMA-335 II.6.2.1.3).</summary>
    internal byte[] PublicKeyToken => SHA1.HashData(PublicKey).TakeLast(8).Reverse().ToArray();

    internal static StrongNameKey Create()
    {
        using var rsa = RSA.Create(1024);
        var key = rsa.ExportParameters(includePrivateParameters: true);
        var bits = key.Modulus!.Length * 8;

        using var keyPair = new BinaryWriter(new MemoryStream());
        WriteHeader(keyPair, blobType: 0x07, magic: "RSA2", bits, key.Exponent!);
        foreach (var (value, length) in new[] { (key.Modulus, bits / 8), (key.P!, bits / 16), (key.Q!, bits / 16), (key.DP!, bits / 16), (key.DQ!, bits / 16), (key.InverseQ!, bits / 16), (key.D!, bits / 8) })
        {
            keyPair.Write(LittleEndian(value, length));
        }

        using var publicKey = new BinaryWriter(new MemoryStream());
        publicKey.Write(RsaSign);
        publicKey.Write(Sha1);
        publicKey.Write((uint)(20 + bits / 8));
        WriteHeader(publicKey, blobType: 0x06, magic: "RSA1", bits, key.Exponent!);
        publicKey.Write(LittleEndian(key.Modulus, bits / 8));

        return new StrongNameKey(((MemoryStream)keyPair.BaseStream).ToArray(), ((MemoryStream)publicKey.BaseStream).ToArray());
    }

    // BLOBHEADER then RSAPUBKEY.
    private static void WriteHeader(BinaryWriter writer, byte blobType, string magic, int bits, byte[] exponent)
    {
        writer.Write(blobType);
        writer.Write((byte)2);
        writer.Write((ushort)0);
        writer.Write(RsaSign);
        writer.Write(magic.ToCharArray());
        writer.Write((uint)bits);
        writer.Write(BitConverter.ToUInt32(LittleEndian(exponent, 4)));
    }

    // RSAParameters are big-endian; CryptoAPI blobs are little-endian, each number padded to its fixed length.
    private static byte[] LittleEndian(byte[] bigEndian, int length)
    {
        var result = new byte[length];
        for (var i = 0; i < bigEndian.Length; i++)
        {
            result[i] = bigEndian[bigEndian.Length - 1 - i];
        }

        return result;
    }
}
