using Orderly.Reseller;

namespace Orderly.UnitTests.Reseller;

public sealed class PlaceResellerOrderTests
{
    private static ResellerOrderRequest Request(string? product = "SKU-1", decimal? balance = 129m, int? quantity = 1, string? currency = "EUR", string? email = "buyer@example.com", string? externalId = "ORD-1") =>
        new("rk_live_x", product, balance, quantity, currency, email, externalId);

    private static string Hash(ResellerOrderRequest request) => PlaceResellerOrder.Validate(request, testKey: false).Order!.PayloadHash();

    [Fact]
    public void A_new_external_id_is_placed_the_same_payload_again_is_replayed_and_another_payload_conflicts()
    {
        var hash = Hash(Request());
        Assert.Equal(PlaceResellerOrder.Idempotency.New, PlaceResellerOrder.Decide(null, hash));
        Assert.Equal(PlaceResellerOrder.Idempotency.Replay, PlaceResellerOrder.Decide(hash, Hash(Request())));
        Assert.Equal(PlaceResellerOrder.Idempotency.Conflict, PlaceResellerOrder.Decide(hash, Hash(Request(quantity: 2))));
        Assert.Equal(PlaceResellerOrder.Idempotency.Conflict, PlaceResellerOrder.Decide(hash, Hash(Request(balance: 129.01m))));
    }

    [Fact]
    public void The_payload_hash_ignores_the_key_the_external_id_and_the_case_of_the_email()
    {
        var hash = Hash(Request());
        Assert.Equal(hash, Hash(Request(externalId: "other") with { ApiKey = "rk_live_y" }));
        Assert.Equal(hash, Hash(Request(email: "Buyer@Example.com")));
        Assert.Equal(hash, Hash(Request(currency: "eur", balance: 129.00m)));
    }

    [Fact]
    public void Missing_or_malformed_fields_are_all_reported()
    {
        var (order, errors) = PlaceResellerOrder.Validate(new ResellerOrderRequest(null, " ", 1.234m, 0, "GBP", "not-an-email", null), testKey: false);
        Assert.Null(order);
        Assert.Equal(["product", "balance", "quantity", "currency", "client_email"], errors.Select(e => e.Field));
    }

    [Fact]
    public void A_DGTEST_order_or_a_test_key_is_in_test_mode_and_needs_no_balance()
    {
        var dgtest = PlaceResellerOrder.Validate(Request(product: "DGTEST", balance: null), testKey: false).Order!;
        Assert.True(dgtest.TestMode);
        Assert.Equal(0, dgtest.UnitMinor);
        Assert.True(PlaceResellerOrder.Validate(Request(), testKey: true).Order!.TestMode);
        Assert.False(PlaceResellerOrder.Validate(Request(), testKey: false).Order!.TestMode);
        Assert.Contains(PlaceResellerOrder.Validate(Request(balance: null), testKey: false).Errors, e => e.Field == "balance");
    }

    [Fact]
    public void The_logged_body_drops_the_key_and_masks_the_email()
    {
        var masked = RequestLog.Mask(Request(email: "alice@example.com") with { ApiKey = "rk_live_AbCdEfGh_secret-secret-secret" });
        Assert.DoesNotContain("secret", masked, StringComparison.Ordinal);
        Assert.DoesNotContain("alice", masked, StringComparison.Ordinal);
        Assert.Contains("@example.com", masked, StringComparison.Ordinal);
    }

    [Fact]
    public void An_api_key_is_found_by_its_visible_prefix_even_when_the_prefix_holds_an_underscore()
    {
        for (var i = 0; i < 200; i++)
        {
            var (key, prefix, hash) = ApiKeys.Create(testMode: i % 2 == 0);
            Assert.Equal(prefix, ApiKeys.PrefixOf(key));
            Assert.Equal(hash, ApiKeys.Hash(key));
            Assert.StartsWith(i % 2 == 0 ? "rk_test_" : "rk_live_", prefix, StringComparison.Ordinal);
        }
        Assert.Null(ApiKeys.PrefixOf("oak_admin_key_that_is_long_enough"));
    }

    [Theory]
    [InlineData(null, "198.51.100.7", true)]
    [InlineData("198.51.100.0/24", "198.51.100.7", true)]
    [InlineData("198.51.100.0/24, 2001:db8::1", "2001:db8::1", true)]
    [InlineData("198.51.100.7", "::ffff:198.51.100.7", true)]
    [InlineData("198.51.100.0/24", "203.0.113.1", false)]
    public void The_ip_allow_list_takes_addresses_and_ranges(string? allowList, string address, bool allowed) =>
        Assert.Equal(allowed, ApiKeys.IsAllowed(allowList, System.Net.IPAddress.Parse(address)));
}
