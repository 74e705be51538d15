using System.Globalization;
using System.IO.Hashing;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Orderly.Payments.PayPal;

/// <summary>
/// PayPal's webhook signature scheme (verified here rather than by calling PayPal's
/// verify-webhook-signature API, which would cost a round trip per delivery): the signed string is
/// <c>transmission_id|transmission_time|webhook_id|crc32</c>, where crc32 is the CRC-32 of the raw
/// body as an unsigned decimal; <c>PAYPAL-TRANSMISSION-SIG</c> is its RSA-SHA256 (PKCS#1 v1.5)
/// signature, base64, made with the key of the certificate at <c>PAYPAL-CERT-URL</c>.
/// </summary>
public static class PayPalSignature
{
    public const string Algorithm = "SHA256withRSA";

    public static string Crc32Decimal(ReadOnlySpan<byte> body) => Crc32.HashToUInt32(body).ToString(CultureInfo.InvariantCulture);

    public static string SignedString(string transmissionId, string transmissionTime, string webhookId, ReadOnlySpan<byte> body) =>
        $"{transmissionId}|{transmissionTime}|{webhookId}|{Crc32Decimal(body)}";

    /// <summary>Does <paramref name="signatureBase64"/> sign the string for any of <paramref name="webhookIds"/>?</summary>
    public static bool Verify(X509Certificate2 certificate, string signatureBase64, string transmissionId, string transmissionTime, IReadOnlyList<string> webhookIds, ReadOnlySpan<byte> body)
    {
        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(signatureBase64);
        }
        catch (FormatException)
        {
            return false;
        }
        using var rsa = certificate.GetRSAPublicKey();
        if (rsa is null)
        {
            return false;
        }
        var matched = false;
        foreach (var webhookId in webhookIds)
        {
            var signed = Encoding.UTF8.GetBytes(SignedString(transmissionId, transmissionTime, webhookId, body));
            matched |= rsa.VerifyData(signed, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
        return matched;
    }

    /// <summary>
    /// May Orderly fetch a certificate from <paramref name="certUrl"/>? Only https on one of
    /// <paramref name="allowedHosts"/> at the default port, without user info: the header is
    /// attacker-controlled until the signature verifies.
    /// </summary>
    public static bool IsAllowedCertificateUrl(string? certUrl, IReadOnlyCollection<string> allowedHosts, out Uri? uri)
    {
        uri = null;
        if (!Uri.TryCreate(certUrl, UriKind.Absolute, out var parsed)
            || parsed.Scheme != Uri.UriSchemeHttps || !parsed.IsDefaultPort || parsed.UserInfo.Length > 0
            || !allowedHosts.Contains(parsed.IdnHost, StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }
        uri = parsed;
        return true;
    }
}
