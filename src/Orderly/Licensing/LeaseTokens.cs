using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Orderly.Licensing;

/// <summary>
/// Writes a lease as a compact ES256 JWS (RFC 7515/7519) straight onto <see cref="ECDsa"/>: one
/// JSON payload written with <see cref="Utf8JsonWriter"/>, one signature. A general JWT library
/// builds the same bytes through claim dictionaries, JSON re-serialization and a signature-provider
/// cache, which showed as several times the cost of the signature itself on the validation path.
/// Pure apart from the signature; verified against an independent JWT library in the tests.
/// </summary>
internal static class LeaseTokens
{
    /// <summary>The encoded JOSE header of a key, computed once per signing key.</summary>
    public static string Header(string kid)
    {
        var buffer = new ArrayBufferWriter<byte>(96);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("alg", "ES256");
            json.WriteString("kid", kid);
            json.WriteString("typ", "JWT");
            json.WriteEndObject();
        }
        return Base64Url.EncodeToString(buffer.WrittenSpan);
    }

    /// <param name="claims">Values are strings, integers or lists of strings (the lease's claims).</param>
    public static string Sign(ECDsa key, string encodedHeader, string issuer, string audience, IReadOnlyDictionary<string, object> claims, DateTime issuedAt, DateTime expiresAt)
    {
        var payload = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(payload))
        {
            json.WriteStartObject();
            json.WriteString("iss", issuer);
            json.WriteString("aud", audience);
            json.WriteNumber("iat", ToUnix(issuedAt));
            json.WriteNumber("nbf", ToUnix(issuedAt));
            json.WriteNumber("exp", ToUnix(expiresAt));
            foreach (var (name, value) in claims)
            {
                json.WritePropertyName(name);
                switch (value)
                {
                    case string text:
                        json.WriteStringValue(text);
                        break;
                    case long number:
                        json.WriteNumberValue(number);
                        break;
                    case int number:
                        json.WriteNumberValue(number);
                        break;
                    case IEnumerable<string> texts:
                        json.WriteStartArray();
                        foreach (var text in texts)
                        {
                            json.WriteStringValue(text);
                        }
                        json.WriteEndArray();
                        break;
                    default:
                        throw new ArgumentException($"Claim '{name}' has an unsupported type {value.GetType().Name}.", nameof(claims));
                }
            }
            json.WriteEndObject();
        }

        // header.payload, then the P1363 (r‖s) signature over its ASCII bytes: what JWS ES256 expects.
        var signingInput = new byte[encodedHeader.Length + 1 + Base64Url.GetEncodedLength(payload.WrittenCount)];
        var written = Encoding.ASCII.GetBytes(encodedHeader, signingInput);
        signingInput[written++] = (byte)'.';
        written += Base64Url.EncodeToUtf8(payload.WrittenSpan, signingInput.AsSpan(written));
        Span<byte> signature = stackalloc byte[64];
        if (!key.TrySignData(signingInput.AsSpan(0, written), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation, out var length) || length != 64)
        {
            throw new CryptographicException("ES256 signing failed.");
        }
        return string.Create(written + 1 + Base64Url.GetEncodedLength(64), (Input: signingInput, Length: written, Signature: signature.ToArray()), static (chars, state) =>
        {
            Encoding.ASCII.GetChars(state.Input.AsSpan(0, state.Length), chars);
            chars[state.Length] = '.';
            Base64Url.EncodeToChars(state.Signature, chars[(state.Length + 1)..]);
        });
    }

    private static long ToUnix(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeSeconds();
}
