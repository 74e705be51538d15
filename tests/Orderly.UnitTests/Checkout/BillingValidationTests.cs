using Orderly.Checkout;
using Orderly.Orders.Contracts;

namespace Orderly.UnitTests.Checkout;

public sealed class BillingValidationTests
{
    private static readonly ShippingAddressRequest Shipping = new("Ada Buyer", "Hauptstraße 1", null, "Berlin", "10115", "de", null);

    private static PlaceOrderRequest Request(BillingRequest billing, string? billingCountry = null, ShippingAddressRequest? shipping = null) =>
        new("buyer@example.com", [new PlaceOrderItem("GAME-001", 1)], BillingCountry: billingCountry, ShippingAddress: shipping, Billing: billing);

    [Theory]
    [InlineData("DE123456789", "DE123456789")]
    [InlineData("de 123.456-789", "DE123456789")]
    [InlineData("ATU1", "ATU1")]
    [InlineData("DE1", null)]
    [InlineData("DE#123456", null)]
    [InlineData("DE123456789012345678901", null)]
    public void A_vat_id_is_kept_compact_or_refused(string given, string? kept) => Assert.Equal(kept, PlaceOrder.VatIdOf(given));

    [Fact]
    public void A_billing_address_takes_its_country_from_the_billing_country_and_must_agree_with_it()
    {
        var billing = new BillingRequest(" Ada ", "Acme", "de123456789", "Main 1", "", "Berlin", "10115", null);
        Assert.Empty(PlaceOrder.Validate(Request(billing, "de")));
        Assert.Equal(new BillingDetails("Ada", "Acme", "DE123456789", "Main 1", null, "Berlin", "10115", "DE"), PlaceOrder.Billing(Request(billing, "de")));

        Assert.Equal(["billing.country"], PlaceOrder.Validate(Request(billing)).Select(e => e.Field));
        Assert.Equal(["billing.country"], PlaceOrder.Validate(Request(billing with { Country = "FR" }, "DE")).Select(e => e.Field));
    }

    [Fact]
    public void Same_as_shipping_copies_the_shipping_address_and_needs_one()
    {
        var billing = new BillingRequest(null, "Acme", null, null, null, null, null, null, SameAsShipping: true);
        Assert.Empty(PlaceOrder.Validate(Request(billing, shipping: Shipping)));
        Assert.Equal(new BillingDetails("Ada Buyer", "Acme", null, "Hauptstraße 1", null, "Berlin", "10115", "DE"), PlaceOrder.Billing(Request(billing, shipping: Shipping)));
        Assert.Equal(["billing.sameAsShipping"], PlaceOrder.Validate(Request(billing)).Select(e => e.Field));
    }

    [Fact]
    public void Missing_and_overlong_fields_are_named()
    {
        var billing = new BillingRequest("", new string('c', BillingDetails.MaxField + 1), null, " ", null, "Berlin", new string('9', BillingDetails.MaxShortField + 1), "DE");
        Assert.Equal(["billing.company", "billing.name", "billing.line1", "billing.postalCode"], PlaceOrder.Validate(Request(billing)).Select(e => e.Field));
    }
}
