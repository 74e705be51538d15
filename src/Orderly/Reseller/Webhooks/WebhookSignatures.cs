using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Orderly.Reseller.Webhooks;

/// <summary>
/// The two signatures on every delivery. Both are HMAC-SHA256 over the exact body bytes sent:
/// <list type="bullet">
/// <item>the seed's <c>X-UPA-Signature</c>: lowercase hex of HMAC(key = the whole secret string
/// as UTF-8, message = <c>{timestamp}.{body}</c>), with <c>X-UPA-Timestamp</c> in Unix seconds;</item>
/// <item>Standard Webhooks: <c>webhook-signature: v1,{base64 HMAC}</c> with key = the base64-decoded
/// part of the <c>whsec_</c> secret and message = <c>{webhook-id}.{webhook-timestamp}.{body}</c>.</item>
/// </list>
/// </summary>
internal static class WebhookSignatures
{
    public const string SecretPrefix = "whsec_";

    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string Upa(string secret, long timestamp, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp.ToString(CultureInfo.InvariantCulture)}.{body}")));

    public static string StandardWebhooks(string secret, string messageId, long timestamp, string body)
    {
        var key = Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
        var signature = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{messageId}.{timestamp.ToString(CultureInfo.InvariantCulture)}.{body}"));
        return "v1," + Convert.ToBase64String(signature);
    }

    /// <summary>The Standard Webhooks message id of a delivery.</summary>
    public static string MessageId(Guid deliveryId) => $"msg_{deliveryId:N}";
}
