using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Orderly.Payments.Stripe;

/// <summary>
/// Stripe's webhook signature scheme: header <c>t=&lt;unix&gt;,v1=&lt;hex&gt;[,v1=...]</c>, where each v1
/// is HMAC-SHA256 of <c>"{t}.{raw body}"</c> keyed by a signing secret. Valid when any v1 matches any
/// accepted secret (rotation signs with old and new) and t is within the tolerance of now.
/// Comparison is constant-time. Implemented here rather than through Stripe.net so the clock is
/// the injected <see cref="TimeProvider"/>.
/// </summary>
public static class StripeSignature
{
    public enum Result
    {
        Valid,
        MissingHeader,
        MalformedHeader,
        NoSecretConfigured,
        OutsideTolerance,
        NoMatchingSignature,
    }

    public static Result Verify(ReadOnlySpan<byte> payload, string? header, IReadOnlyList<string> secrets, DateTimeOffset now, TimeSpan tolerance)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return Result.MissingHeader;
        }
        if (secrets.Count == 0)
        {
            return Result.NoSecretConfigured;
        }
        long? timestamp = null;
        var signatures = new List<byte[]>();
        foreach (var part in header.Split(','))
        {
            var pair = part.Split('=', 2);
            if (pair.Length != 2)
            {
                continue;
            }
            var (key, value) = (pair[0].Trim(), pair[1].Trim());
            if (key == "t" && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var t))
            {
                timestamp = t;
            }
            else if (key == "v1" && value.Length == 64)
            {
                try
                {
                    signatures.Add(Convert.FromHexString(value));
                }
                catch (FormatException)
                {
                    // Not hex: ignore this part, others may match.
                }
            }
        }
        if (timestamp is null || signatures.Count == 0)
        {
            return Result.MalformedHeader;
        }
        // Compared in seconds: a forged t= outside DateTimeOffset's range must not throw.
        if (Math.Abs(now.ToUnixTimeSeconds() - (double)timestamp.Value) > tolerance.TotalSeconds)
        {
            return Result.OutsideTolerance;
        }

        var prefix = Encoding.UTF8.GetBytes(timestamp.Value.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + payload.Length];
        prefix.CopyTo(signed, 0);
        payload.CopyTo(signed.AsSpan(prefix.Length));
        var matched = false;
        foreach (var secret in secrets)
        {
            var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
            foreach (var signature in signatures)
            {
                // No early exit: the time taken does not depend on which signature matched.
                matched |= CryptographicOperations.FixedTimeEquals(expected, signature);
            }
        }
        return matched ? Result.Valid : Result.NoMatchingSignature;
    }

    /// <summary>Produces a header the way Stripe does (for the README's curl walk-through and tests).</summary>
    public static string Sign(ReadOnlySpan<byte> payload, string secret, long unixTimestamp)
    {
        var prefix = Encoding.UTF8.GetBytes(unixTimestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + payload.Length];
        prefix.CopyTo(signed, 0);
        payload.CopyTo(signed.AsSpan(prefix.Length));
        return $"t={unixTimestamp},v1={Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed))}";
    }
}
