using System.Text;
using Microsoft.Extensions.Time.Testing;
using Orderly.Payments.Stripe;
using Result = Orderly.Payments.Stripe.StripeSignature.Result;

namespace Orderly.UnitTests.Payments.Stripe;

public sealed class StripeSignatureTests
{
    private const long Timestamp = 1_700_000_000;
    private const string Secret = "whsec_test";
    private static readonly byte[] Payload = """{"id":"evt_1"}"""u8.ToArray();
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    // 30 seconds after the signature was made, as a webhook normally arrives.
    private static readonly DateTimeOffset Now = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(Timestamp + 30)).GetUtcNow();

    // Made once by stripe-node 23.1.0's webhooks.generateTestHeaderString (tests/fixtures/node/stripe-sign.mjs):
    //   {"payload":"{\"id\":\"evt_1\"}","secret":"whsec_test","timestamp":1700000000}
    private const string StripeNodeHeader = "t=1700000000,v1=c89214b5b5da833daed6f0b8c5bb6bd58cea9022bd80ccc78230f3942d632925";

    // Same tool, rotation: {"payload":"{\"id\":\"evt_1\"}","secrets":["whsec_old","whsec_new"],"timestamp":1700000000}
    private const string StripeNodeRotationHeader =
        "t=1700000000,v1=ef1b1b7e4b312671a75ef2a03e10529f7834a6528a49db77ad6568c8c8017843,v1=f3ac0c93c23f69e2e6046d7f0e2c82c93d0403de0f8651457189ab70fbbfcaae";

    private static Result Verify(byte[] payload, string? header, params string[] secrets) =>
        StripeSignature.Verify(payload, header, secrets, Now, Tolerance);

    [Fact]
    public void A_header_made_by_Sign_verifies()
    {
        var header = StripeSignature.Sign(Payload, Secret, Timestamp);

        Assert.Equal(Result.Valid, Verify(Payload, header, Secret));
    }

    [Fact]
    public void A_header_made_by_the_official_stripe_library_verifies()
    {
        Assert.Equal(Result.Valid, Verify(Payload, StripeNodeHeader, Secret));
    }

    [Fact]
    public void Sign_produces_the_same_header_as_the_official_stripe_library()
    {
        Assert.Equal(StripeNodeHeader, StripeSignature.Sign(Payload, Secret, Timestamp));
    }

    [Fact]
    public void A_tampered_body_matches_no_signature()
    {
        var tampered = Encoding.UTF8.GetBytes("""{"id":"evt_2"}""");

        Assert.Equal(Result.NoMatchingSignature, Verify(tampered, StripeNodeHeader, Secret));
    }

    [Fact]
    public void A_header_signed_with_another_secret_matches_no_signature()
    {
        Assert.Equal(Result.NoMatchingSignature, Verify(Payload, StripeNodeHeader, "whsec_other"));
    }

    [Fact]
    public void A_tampered_timestamp_matches_no_signature()
    {
        var header = StripeNodeHeader.Replace("t=1700000000", "t=1700000001", StringComparison.Ordinal);

        Assert.Equal(Result.NoMatchingSignature, Verify(Payload, header, Secret));
    }

    [Fact]
    public void Any_matching_v1_signature_is_enough_when_only_the_second_matches()
    {
        var stale = StripeSignature.Sign(Payload, "whsec_retired", Timestamp).Split(",v1=")[1];
        var current = StripeSignature.Sign(Payload, Secret, Timestamp).Split(",v1=")[1];

        Assert.Equal(Result.Valid, Verify(Payload, $"t={Timestamp},v1={stale},v1={current}", Secret));
    }

    [Fact]
    public void A_rotation_header_from_the_official_stripe_library_verifies_with_the_new_secret_alone()
    {
        Assert.Equal(Result.Valid, Verify(Payload, StripeNodeRotationHeader, "whsec_new"));
    }

    [Fact]
    public void A_header_signed_with_the_old_secret_verifies_while_both_secrets_are_accepted()
    {
        var header = StripeSignature.Sign(Payload, "whsec_old", Timestamp);

        Assert.Equal(Result.Valid, Verify(Payload, header, "whsec_new", "whsec_old"));
    }

    [Fact]
    public void Non_hex_and_non_v1_parts_are_ignored_when_another_v1_matches()
    {
        var header = $"t={Timestamp},v0=abc,v1={new string('z', 64)},{StripeNodeHeader.Split(',')[1]}";

        Assert.Equal(Result.Valid, Verify(Payload, header, Secret));
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    [InlineData(-86_400)]
    [InlineData(86_400)]
    public void A_timestamp_further_than_the_tolerance_from_now_is_rejected(int offsetSeconds)
    {
        var header = StripeSignature.Sign(Payload, Secret, Now.ToUnixTimeSeconds() + offsetSeconds);

        Assert.Equal(Result.OutsideTolerance, Verify(Payload, header, Secret));
    }

    [Theory]
    [InlineData(-300)]
    [InlineData(300)]
    public void A_timestamp_exactly_at_the_tolerance_is_accepted(int offsetSeconds)
    {
        var header = StripeSignature.Sign(Payload, Secret, Now.ToUnixTimeSeconds() + offsetSeconds);

        Assert.Equal(Result.Valid, Verify(Payload, header, Secret));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_missing_header_is_reported_as_missing(string? header)
    {
        Assert.Equal(Result.MissingHeader, Verify(Payload, header, Secret));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("t=1700000000")]
    [InlineData("v1=c89214b5b5da833daed6f0b8c5bb6bd58cea9022bd80ccc78230f3942d632925")]
    [InlineData("t=abc,v1=c89214b5b5da833daed6f0b8c5bb6bd58cea9022bd80ccc78230f3942d632925")]
    [InlineData("t=-1700000000,v1=c89214b5b5da833daed6f0b8c5bb6bd58cea9022bd80ccc78230f3942d632925")]
    [InlineData("t=1700000000,v1=c89214b5")]
    [InlineData("t=1700000000,v1=zz9214b5b5da833daed6f0b8c5bb6bd58cea9022bd80ccc78230f3942d632925")]
    [InlineData(",,,=,==")]
    public void A_header_without_a_timestamp_and_a_well_formed_v1_is_malformed(string header)
    {
        Assert.Equal(Result.MalformedHeader, Verify(Payload, header, Secret));
    }

    [Fact]
    public void Without_a_configured_secret_nothing_verifies()
    {
        Assert.Equal(Result.NoSecretConfigured, Verify(Payload, StripeNodeHeader));
    }

    [Fact]
    public void A_timestamp_beyond_the_calendar_is_outside_the_tolerance_instead_of_throwing()
    {
        var header = "t=99999999999999,v1=" + new string('a', 64);

        Assert.Equal(Result.OutsideTolerance, Verify(Payload, header, "whsec_x"));
    }
}
