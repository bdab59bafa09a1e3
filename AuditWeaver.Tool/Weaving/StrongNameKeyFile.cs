using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;

namespace AuditWeaver.Tool.Weaving;

/// <summary>
/// A strong-name key pair (.snk, a CryptoAPI PRIVATEKEYBLOB as sn -k writes it) and the public key that assemblies
/// signed with it carry, so that only assemblies whose identity it is are re-signed with it.
/// </summary>
internal sealed class StrongNameKeyFile
{
    private const byte PrivateKeyBlob = 0x07;
    private const byte PublicKeyBlob = 0x06;
    private const int BlobHeaderSize = 8;
    private const int RsaPublicKeySize = 12;

    private StrongNameKeyFile(string path, byte[] keyPair, byte[] publicKey)
    {
        Path = path;
        KeyPair = keyPair;
        PublicKey = publicKey;
    }

    internal string Path { get; }

    internal byte[] KeyPair { get; }

    /// <summary>The public key as assembly metadata holds it: signature and hash algorithm, length, PUBLICKEYBLOB.</summary>
    internal byte[] PublicKey { get; }

    internal string PublicKeyToken => Token(PublicKey);

    /// <summary>Reads <paramref name="path"/>, or says in <paramref name="error"/> why it is not a usable key pair.</summary>
    internal static StrongNameKeyFile? Read(string path, out string? error)
    {
        error = null;
        byte[] blob;
        try
        {
            blob = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            error = "--key " + path + ": cannot be read (" + exception.Message.TrimEnd('.') + ").";
            return null;
        }

        if (blob.Length > BlobHeaderSize + RsaPublicKeySize && blob[0] == PublicKeyBlob)
        {
            error = "--key " + path + ": holds only a public key; re-signing needs the key pair (sn -k writes one).";
            return null;
        }

        if (blob.Length <= BlobHeaderSize + RsaPublicKeySize || blob[0] != PrivateKeyBlob || blob[8] != 'R' || blob[9] != 'S' || blob[10] != 'A' || blob[11] != '2')
        {
            error = "--key " + path + ": is not a strong-name key pair (.snk); expected an RSA PRIVATEKEYBLOB as sn -k writes it.";
            return null;
        }

        var bits = BitConverter.ToInt32(blob, BlobHeaderSize + 4);
        var modulusLength = bits / 8;
        if (blob.Length < BlobHeaderSize + RsaPublicKeySize + modulusLength)
        {
            error = "--key " + path + ": is truncated: a " + bits + "-bit key pair is longer.";
            return null;
        }

        // PUBLICKEYBLOB: the private blob's headers with the type set to public and the magic to RSA1, then the modulus.
        var publicBlob = blob.Take(BlobHeaderSize + RsaPublicKeySize + modulusLength).ToArray();
        publicBlob[0] = PublicKeyBlob;
        publicBlob[11] = (byte)'1';
        var publicKey = new byte[12 + publicBlob.Length];
        BitConverter.GetBytes(BitConverter.ToUInt32(blob, 4)).CopyTo(publicKey, 0);
        BitConverter.GetBytes(0x8004u).CopyTo(publicKey, 4);
        BitConverter.GetBytes((uint)publicBlob.Length).CopyTo(publicKey, 8);
        publicBlob.CopyTo(publicKey, 12);
        return new StrongNameKeyFile(path, blob, publicKey);
    }

    /// <summary>The public key token (ECMA-335 II.6.2.1.3) in hex, as assembly names show it.</summary>
    internal static string Token(byte[] publicKey) =>
        Convert.ToHexStringLower(SHA1.HashData(publicKey).TakeLast(8).Reverse().ToArray());

    internal bool Matches(byte[] publicKey) => publicKey.AsSpan().SequenceEqual(PublicKey);
}
