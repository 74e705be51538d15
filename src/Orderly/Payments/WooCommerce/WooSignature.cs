using System.Security.Cryptography;
using System.Text;

namespace Orderly.Payments.WooCommerce;

/// <summary>
/// WooCommerce's webhook signature: <c>X-WC-Webhook-Signature</c> is base64(HMAC-SHA256(raw body,
/// webhook secret)). Compared in constant time.
/// </summary>
public static class WooSignature
{
    public static string Sign(ReadOnlySpan<byte> body, string secret) => Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static bool Verify(ReadOnlySpan<byte> body, string? header, string secret)
    {
        if (string.IsNullOrEmpty(header))
        {
            return false;
        }
        var expected = Encoding.ASCII.GetBytes(Sign(body, secret));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(header));
    }

    /// <summary>The request WooCommerce sends when a webhook is created or re-activated: a form body <c>webhook_id=N</c>.</summary>
    public static bool IsPing(ReadOnlySpan<byte> body)
    {
        var text = Encoding.ASCII.GetString(body);
        return text.StartsWith("webhook_id=", StringComparison.Ordinal) && long.TryParse(text.AsSpan("webhook_id=".Length), out _);
    }
}
