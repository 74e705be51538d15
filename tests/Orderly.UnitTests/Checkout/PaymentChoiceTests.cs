using Orderly.Catalog.Contracts;
using Orderly.Checkout;
using Orderly.Hosting;
using Orderly.Orders.Contracts;

namespace Orderly.UnitTests.Checkout;

public sealed class PaymentChoiceTests
{
    private static readonly IReadOnlySet<string> AllInstalled = new HashSet<string>
    {
        PaymentMethods.Stripe, PaymentMethods.StripeCheckout, PaymentMethods.PayPal, PaymentMethods.Wallet,
        PaymentMethods.Manual, PaymentMethods.CashOnDelivery, PaymentMethods.Test,
    };

    private static ProductInfo Product(string sku, ProductKind kind = ProductKind.Digital) =>
        new(Guid.NewGuid(), sku, sku, kind, kind == ProductKind.Physical ? DeliveryKind.Shipment : DeliveryKind.Code, new Money(1000, "EUR"),
            kind == ProductKind.Physical ? KeySource.None : KeySource.Pool, null, 5, null);

    private static readonly ShippingAddressRequest Address = new("Ada Buyer", "Main St 1", null, "Berlin", "10115", "de", null);

    [Theory]
    [InlineData("stripe")]
    [InlineData("wallet")]
    [InlineData("manual")]
    public void An_enabled_and_installed_method_is_taken(string method) =>
        Assert.Null(PlaceOrder.DecidePayment(method, [Product("KEY-1")], new CheckoutOptions(), AllInstalled));

    [Theory]
    [InlineData("bitcoin")]
    [InlineData("reseller_wallet")]
    [InlineData("woocommerce")]
    [InlineData("test")]
    public void An_unknown_disabled_or_test_method_outside_test_mode_is_unavailable(string method)
    {
        var refusal = PlaceOrder.DecidePayment(method, [Product("KEY-1")], new CheckoutOptions(), AllInstalled);

        Assert.Equal("checkout.payment_method_unavailable", refusal?.Code);
    }

    [Fact]
    public void An_enabled_method_whose_route_is_not_installed_is_unavailable()
    {
        var installed = AllInstalled.Where(m => m != PaymentMethods.PayPal).ToHashSet();

        Assert.Equal("checkout.payment_method_unavailable", PlaceOrder.DecidePayment(PaymentMethods.PayPal, [Product("KEY-1")], new CheckoutOptions(), installed)?.Code);
    }

    [Fact]
    public void A_configured_list_replaces_the_default_methods()
    {
        var options = new CheckoutOptions { PaymentMethods = [PaymentMethods.Stripe] };

        Assert.Null(PlaceOrder.DecidePayment(PaymentMethods.Stripe, [Product("KEY-1")], options, AllInstalled));
        Assert.Equal("checkout.payment_method_unavailable", PlaceOrder.DecidePayment(PaymentMethods.Manual, [Product("KEY-1")], options, AllInstalled)?.Code);
    }

    [Fact]
    public void Test_is_taken_in_test_mode_or_for_a_cart_of_the_test_product_only()
    {
        Assert.Null(PlaceOrder.DecidePayment(PaymentMethods.Test, [Product("KEY-1")], new CheckoutOptions { TestMode = true }, AllInstalled));
        Assert.Null(PlaceOrder.DecidePayment(PaymentMethods.Test, [Product("dgtest")], new CheckoutOptions(), AllInstalled));
        Assert.NotNull(PlaceOrder.DecidePayment(PaymentMethods.Test, [Product("DGTEST"), Product("KEY-1")], new CheckoutOptions(), AllInstalled));
    }

    [Fact]
    public void Cash_on_delivery_takes_physical_goods_only()
    {
        Assert.Null(PlaceOrder.DecidePayment(PaymentMethods.CashOnDelivery, [Product("MUG-1", ProductKind.Physical)], new CheckoutOptions(), AllInstalled));
        var refusal = PlaceOrder.DecidePayment(PaymentMethods.CashOnDelivery, [Product("MUG-1", ProductKind.Physical), Product("KEY-1")], new CheckoutOptions(), AllInstalled);

        Assert.Equal("checkout.cod_requires_physical", refusal?.Code);
        Assert.Contains("KEY-1", refusal!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_physical_line_needs_an_address_and_a_known_shipping_method()
    {
        var cart = new[] { Product("MUG-1", ProductKind.Physical), Product("KEY-1") };
        var options = new CheckoutOptions();

        Assert.Equal("checkout.shipping_address_required", PlaceOrder.DecideShipping(new("a@example.com", [], ShippingMethod: "standard"), cart, options)?.Code);
        Assert.Equal("checkout.shipping_method_unavailable", PlaceOrder.DecideShipping(new("a@example.com", [], ShippingAddress: Address), cart, options)?.Code);
        Assert.Equal("checkout.shipping_method_unavailable", PlaceOrder.DecideShipping(new("a@example.com", [], ShippingAddress: Address, ShippingMethod: "pigeon"), cart, options)?.Code);
        Assert.Null(PlaceOrder.DecideShipping(new("a@example.com", [], ShippingAddress: Address, ShippingMethod: "express"), cart, options));
    }

    [Fact]
    public void An_all_digital_cart_takes_no_shipping()
    {
        Assert.Null(PlaceOrder.DecideShipping(new("a@example.com", []), [Product("KEY-1")], new CheckoutOptions()));
        Assert.Equal("checkout.shipping_not_required", PlaceOrder.DecideShipping(new("a@example.com", [], ShippingAddress: Address), [Product("KEY-1")], new CheckoutOptions())?.Code);
    }

    [Fact]
    public void A_bad_address_and_billing_country_are_reported_field_by_field()
    {
        var request = new PlaceOrderRequest("a@example.com", [new PlaceOrderItem("MUG-1", 1)], BillingCountry: "Germany",
            ShippingAddress: new ShippingAddressRequest(" ", "Main St 1", null, null, "10115", "DEU", null));

        var fields = PlaceOrder.Validate(request).Select(e => e.Field).ToList();

        Assert.Equal(["billingCountry", "shippingAddress.name", "shippingAddress.city", "shippingAddress.country"], fields);
    }

    [Theory]
    [InlineData("de", "DE")]
    [InlineData(" FR ", "FR")]
    [InlineData("DEU", null)]
    [InlineData("1A", null)]
    [InlineData("", null)]
    public void A_country_is_an_alpha_2_code_in_upper_case(string value, string? expected) => Assert.Equal(expected, PlaceOrder.CountryCode(value));

    [Fact]
    public void The_address_is_kept_trimmed_with_the_country_in_upper_case()
    {
        var destination = PlaceOrder.Destination(new ShippingAddressRequest(" Ada ", "Main St 1", " ", "Berlin", "10115", "de", null))!;

        Assert.Equal(("Ada", null, "DE"), (destination.Name, destination.Line2, destination.Country));
    }
}

public sealed class BuyerSignalsTests
{
    [Fact]
    public void The_client_address_the_trusted_country_header_and_the_billing_country_are_recorded()
    {
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        http.Connection.RemoteIpAddress = System.Net.IPAddress.Parse("203.0.113.9");
        http.Request.Headers["CF-IPCountry"] = "de";

        var signals = PlaceOrder.Signals(http, new CheckoutOptions { IpCountryHeader = "CF-IPCountry" }, new PlaceOrderRequest("a@example.com", [], BillingCountry: "fr"));

        Assert.Equal(new Orderly.Orders.Contracts.BuyerSignals("203.0.113.9", "DE", "FR"), signals);
    }

    [Fact]
    public void The_country_header_counts_only_when_configured()
    {
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        http.Request.Headers["CF-IPCountry"] = "DE";

        Assert.Null(PlaceOrder.Signals(http, new CheckoutOptions(), new PlaceOrderRequest("a@example.com", [])).IpCountry);
    }
}
