using System.Security.Cryptography;
using Orderly.Keys.Crypto;

namespace Orderly.UnitTests.Keys.Crypto;

public sealed class KeyCipherTests
{
    private const string KeyId = "dk_1";
    private const string Purpose = "code";
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    [Theory]
    [InlineData("7KQ2M-ZP4HD-9WXRT")]
    [InlineData("")]
    [InlineData("ключ — 鍵 🔑")]
    public void Decrypting_an_encrypted_code_returns_the_plaintext(string plaintext)
    {
        var sealedBytes = KeyCipher.Encrypt(_key, KeyId, Purpose, plaintext);

        Assert.Equal(plaintext, KeyCipher.Decrypt(_key, KeyId, Purpose, sealedBytes));
    }

    [Fact]
    public void Ciphertext_is_nonce_then_body_then_tag()
    {
        var sealedBytes = KeyCipher.Encrypt(_key, KeyId, Purpose, "ABCDE");

        Assert.Equal(12 + 5 + 16, sealedBytes.Length);
    }

    [Fact]
    public void Encrypting_the_same_plaintext_twice_gives_different_ciphertexts()
    {
        var first = KeyCipher.Encrypt(_key, KeyId, Purpose, "7KQ2M-ZP4HD-9WXRT");
        var second = KeyCipher.Encrypt(_key, KeyId, Purpose, "7KQ2M-ZP4HD-9WXRT");

        Assert.NotEqual(first, second);
        Assert.NotEqual(first[..12], second[..12]);
    }

    [Fact]
    public void Tampering_with_any_byte_of_nonce_body_or_tag_fails_authentication()
    {
        var sealedBytes = KeyCipher.Encrypt(_key, KeyId, Purpose, "7KQ2M-ZP4HD-9WXRT");

        for (var i = 0; i < sealedBytes.Length; i++)
        {
            var tampered = (byte[])sealedBytes.Clone();
            tampered[i] ^= 0x01;
            var ex = Record.Exception(() => KeyCipher.Decrypt(_key, KeyId, Purpose, tampered));
            Assert.True(ex is CryptographicException, $"flipping byte {i} gave {ex?.GetType().Name ?? "no exception"}");
        }
    }

    [Fact]
    public void Decrypting_under_another_key_id_fails_authentication()
    {
        var sealedBytes = KeyCipher.Encrypt(_key, KeyId, Purpose, "7KQ2M-ZP4HD-9WXRT");

        Assert.ThrowsAny<CryptographicException>(() => KeyCipher.Decrypt(_key, "dk_2", Purpose, sealedBytes));
    }

    [Fact]
    public void Decrypting_for_another_purpose_fails_authentication()
    {
        var sealedBytes = KeyCipher.Encrypt(_key, KeyId, Purpose, "7KQ2M-ZP4HD-9WXRT");

        Assert.ThrowsAny<CryptographicException>(() => KeyCipher.Decrypt(_key, KeyId, "wrap", sealedBytes));
    }

    [Fact]
    public void Decrypting_with_another_key_fails_authentication()
    {
        var sealedBytes = KeyCipher.Encrypt(_key, KeyId, Purpose, "7KQ2M-ZP4HD-9WXRT");
        var otherKey = RandomNumberGenerator.GetBytes(32);

        Assert.ThrowsAny<CryptographicException>(() => KeyCipher.Decrypt(otherKey, KeyId, Purpose, sealedBytes));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(12)]
    [InlineData(27)]
    public void Input_shorter_than_nonce_and_tag_is_rejected(int length)
    {
        var ex = Assert.Throws<CryptographicException>(() => KeyCipher.Decrypt(_key, KeyId, Purpose, new byte[length]));

        Assert.Contains("too short", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_ciphertext_fails_authentication()
    {
        var sealedBytes = KeyCipher.Encrypt(_key, KeyId, Purpose, "7KQ2M-ZP4HD-9WXRT");

        Assert.ThrowsAny<CryptographicException>(() => KeyCipher.Decrypt(_key, KeyId, Purpose, sealedBytes.AsSpan(..^1).ToArray()));
    }
}
