using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Orderly.Persistence;

namespace Orderly.Hosting;

/// <summary>
/// Signed, expiring tokens for links sent to buyers (library access, downloads): payload id ‖ expiry,
/// HMAC-SHA256 under a per-purpose key derived from the signing secret (<c>Orderly:SigningKey</c>, or
/// one generated once and shared by every instance through the database). Checked against the injected clock.
/// </summary>
public sealed class UrlSigner
{
    private readonly Lazy<byte[]> _secret;
    private readonly TimeProvider _time;

    public UrlSigner(IOptions<OrderlyOptions> options, IConfiguration configuration, TimeProvider time, ISharedSecrets secrets)
    {
        _time = time;
        _secret = new Lazy<byte[]>(() =>
        {
            var configured = configuration["Orderly:SigningKey"];
            if (!string.IsNullOrWhiteSpace(configured))
            {
                return Encoding.UTF8.GetBytes(configured);
            }
            // Shared through the database, so every instance verifies every other's links. An
            // install from before keeps its signing.key file's key (and every link already sent).
            var legacy = Path.Combine(options.Value.ResolveDataDir(), "signing.key");
            return Convert.FromBase64String(secrets.GetOrCreate(SecretName, () =>
                File.Exists(legacy) ? File.ReadAllText(legacy).Trim() : Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
        });
    }

    /// <summary>The name of the generated signing key among the shared secrets.</summary>
    public const string SecretName = "url-signing-key";

    public string Sign(string purpose, Guid id, DateTimeOffset expiresAt)
    {
        var payload = new byte[24];
        id.TryWriteBytes(payload.AsSpan(0, 16));
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(16), expiresAt.ToUnixTimeSeconds());
        var mac = HMACSHA256.HashData(Key(purpose), payload);
        return $"{Base64Url(payload)}.{Base64Url(mac)}";
    }

    /// <summary>The id in a token, or null when the token is forged, for another purpose, or expired.</summary>
    public Guid? Verify(string purpose, string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 200 || token.Split('.') is not [var p, var m])
        {
            return null;
        }
        byte[] payload, mac;
        try
        {
            payload = FromBase64Url(p);
            mac = FromBase64Url(m);
        }
        catch (FormatException)
        {
            return null;
        }
        // Re-encoding must give back the exact token: base64 padding bits must not give one token several spellings.
        if (payload.Length != 24 || !string.Equals(Base64Url(payload), p, StringComparison.Ordinal) || !string.Equals(Base64Url(mac), m, StringComparison.Ordinal)
            || !CryptographicOperations.FixedTimeEquals(mac, HMACSHA256.HashData(Key(purpose), payload)))
        {
            return null;
        }
        var expires = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(16)));
        return expires < _time.GetUtcNow() ? null : new Guid(payload.AsSpan(0, 16));
    }

    private byte[] Key(string purpose) => HKDF.DeriveKey(HashAlgorithmName.SHA256, _secret.Value, 32, info: Encoding.UTF8.GetBytes("orderly/url/" + purpose));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string value)
    {
        var s = value.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }
}
