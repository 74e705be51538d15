using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Orderly.Payments.PayPal;

namespace Orderly.UnitTests.Payments.PayPal;

public sealed class PayPalSignatureTests
{
    private static readonly string[] Hosts = ["api.paypal.com", "api-m.paypal.com", "api.sandbox.paypal.com", "api-m.sandbox.paypal.com"];

    [Fact]
    public void The_CRC32_is_the_IEEE_checksum_as_an_unsigned_decimal()
    {
        // The standard check value of CRC-32/ISO-HDLC for "123456789" is 0xCBF43926.
        Assert.Equal("3421780262", PayPalSignature.Crc32Decimal("123456789"u8));
        // High bit set: printed unsigned, never negative.
        Assert.Equal("3523407757", PayPalSignature.Crc32Decimal([0]));
    }

    [Fact]
    public void The_signed_string_joins_id_time_webhook_id_and_checksum_with_pipes()
    {
        Assert.Equal("69cd13f0-d67a-11e5-baa3-778b53f4ae55|2016-02-18T20:01:35Z|1JE4291016473214C|3421780262",
            PayPalSignature.SignedString("69cd13f0-d67a-11e5-baa3-778b53f4ae55", "2016-02-18T20:01:35Z", "1JE4291016473214C", "123456789"u8));
    }

    [Fact]
    public void A_signature_verifies_for_the_webhook_id_it_was_made_for_and_the_exact_body_only()
    {
        using var key = RSA.Create(2048);
        using var certificate = new CertificateRequest("CN=test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(100));
        var body = """{"id":"WH-1"}"""u8.ToArray();
        var signed = Encoding.UTF8.GetBytes($"t-1|2026-11-23T00:00:00Z|WEBHOOK-B|{System.IO.Hashing.Crc32.HashToUInt32(body)}");
        var signature = Convert.ToBase64String(key.SignData(signed, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

        Assert.True(PayPalSignature.Verify(certificate, signature, "t-1", "2026-11-23T00:00:00Z", ["WEBHOOK-A", "WEBHOOK-B"], body));
        Assert.False(PayPalSignature.Verify(certificate, signature, "t-1", "2026-11-23T00:00:00Z", ["WEBHOOK-A"], body));
        Assert.False(PayPalSignature.Verify(certificate, signature, "t-1", "2026-11-23T00:00:00Z", ["WEBHOOK-B"], """{"id":"WH-2"}"""u8));
        Assert.False(PayPalSignature.Verify(certificate, "not base64!", "t-1", "2026-11-23T00:00:00Z", ["WEBHOOK-B"], body));
    }

    [Theory]
    [InlineData("https://api.paypal.com/v1/notifications/certs/CERT-1", true)]
    [InlineData("https://API-M.SANDBOX.PAYPAL.COM/v1/notifications/certs/CERT-1", true)]
    [InlineData("http://api.paypal.com/v1/notifications/certs/CERT-1", false)]
    [InlineData("https://api.paypal.com:444/v1/notifications/certs/CERT-1", false)]
    [InlineData("https://user@api.paypal.com/v1/notifications/certs/CERT-1", false)]
    [InlineData("https://api.paypal.com.evil.example/cert", false)]
    [InlineData("https://www.paypal.com/cert", false)]
    [InlineData("/v1/notifications/certs/CERT-1", false)]
    [InlineData("file:///etc/passwd", false)]
    public void Only_https_addresses_on_the_allowed_hosts_may_be_fetched(string url, bool allowed)
    {
        Assert.Equal(allowed, PayPalSignature.IsAllowedCertificateUrl(url, Hosts, out _));
    }
}
