using Orderly.Reseller.Webhooks;

namespace Orderly.UnitTests.Reseller.Webhooks;

public sealed class WebhookSignaturesTests
{
    [Fact]
    public void The_standard_webhooks_signature_matches_the_specification_example()
    {
        // The example of the Standard Webhooks specification (and of its reference libraries).
        var signature = WebhookSignatures.StandardWebhooks("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}");
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    [Fact]
    public void The_standard_webhooks_signature_matches_the_npm_package_on_our_own_body()
    {
        // Computed with standardwebhooks 1.1.1 (tests/fixtures/node/standardwebhooks-verify.mjs, "sign").
        var signature = WebhookSignatures.StandardWebhooks("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_01", 1700000000, "{\"event\":\"product.delivered\"}");
        Assert.Equal("v1,mkwJ6SBBqPvysX3YQaWxgTvU0X59sgLOcxf4whI5/hY=", signature);
    }

    [Fact]
    public void The_upa_signature_is_the_hex_hmac_of_timestamp_dot_body_keyed_with_the_secret_string()
    {
        // openssl: printf '%s' '1700000000.{"event":"product.delivered"}' | openssl dgst -sha256 -hmac 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
        var signature = WebhookSignatures.Upa("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", 1700000000, "{\"event\":\"product.delivered\"}");
        Assert.Equal("7dfad27450846224e61ca136f49a1f96dcbfc5b3caa83e1338bbe9392e7ef7dd", signature);
    }

    [Fact]
    public void A_new_secret_is_whsec_and_32_random_bytes()
    {
        var secret = WebhookSignatures.NewSecret();
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(secret["whsec_".Length..]).Length);
        Assert.NotEqual(secret, WebhookSignatures.NewSecret());
    }
}
