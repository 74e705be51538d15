using System.Security.Cryptography;
using System.Text;

namespace Orderly.Keys.Crypto;

/// <summary>
/// AES-256-GCM for codes at rest. Layout: nonce (12) ‖ ciphertext ‖ tag (16). The associated data
/// binds a ciphertext to its data-key id and purpose, so a ciphertext moved to another row or
/// re-labelled with another key id fails authentication instead of decrypting to garbage.
/// </summary>
public static class KeyCipher
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public static byte[] Encrypt(ReadOnlySpan<byte> key, string keyId, string purpose, string plaintext)
    {
        var clear = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[NonceSize + clear.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, clear, output.AsSpan(NonceSize, clear.Length), output.AsSpan(NonceSize + clear.Length), Aad(keyId, purpose));
        CryptographicOperations.ZeroMemory(clear);
        return output;
    }

    /// <exception cref="CryptographicException">the ciphertext, key id or purpose was tampered with.</exception>
    public static string Decrypt(ReadOnlySpan<byte> key, string keyId, string purpose, ReadOnlySpan<byte> sealedBytes)
    {
        if (sealedBytes.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("Ciphertext too short.");
        }
        var length = sealedBytes.Length - NonceSize - TagSize;
        var clear = new byte[length];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(sealedBytes[..NonceSize], sealedBytes.Slice(NonceSize, length), sealedBytes[^TagSize..], clear, Aad(keyId, purpose));
        return Encoding.UTF8.GetString(clear);
    }

    private static byte[] Aad(string keyId, string purpose) => Encoding.UTF8.GetBytes($"orderly|{purpose}|{keyId}");
}

/// <summary>
/// Deterministic lookup token for a secret (HMAC-SHA256 under a dedicated key): equal codes give
/// equal tokens, so duplicates are found without decrypting the pool, and the token reveals nothing
/// without the key.
/// </summary>
public static class BlindIndex
{
    public static byte[] Compute(ReadOnlySpan<byte> indexKey, string value) =>
        HMACSHA256.HashData(indexKey, Encoding.UTF8.GetBytes(Normalize(value)));

    /// <summary>Codes compare without surrounding blanks and case: "abcd-1234" and "ABCD-1234 " are one code.</summary>
    public static string Normalize(string value) => value.Trim().ToUpperInvariant();
}
