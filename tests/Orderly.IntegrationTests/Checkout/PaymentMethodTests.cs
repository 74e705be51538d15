using System.Net;
using System.Text.Json;
using Orderly.IntegrationTests.Infrastructure;
using static Orderly.IntegrationTests.Checkout.CheckoutShop;

namespace Orderly.IntegrationTests.Checkout;

/// <summary>A6: the buyer picks how to pay; refusals change nothing; the buyer's signals reach OrderPlaced.</summary>
public sealed class PaymentMethodTests
{
    [Fact]
    public async Task Unknown_or_disabled_methods_and_cod_with_a_digital_line_are_refused_and_change_nothing()
    {
        await using var app = new OrderlyApp(new Dictionary<string, string?> { ["Checkout:PaymentMethods:0"] = "stripe", ["Checkout:PaymentMethods:1"] = "cod" });
        await KeyProductAsync(app, "KEY-PM", 3);
        await PhysicalProductAsync(app, "MUG-PM", 3);

        await Refused(await CheckoutAsync(app, new { email = NewEmail(), items = Items(("KEY-PM", 1)), paymentMethod = "bitcoin" }),
            HttpStatusCode.BadRequest, "checkout.payment_method_unavailable");
        var disabled = await Refused(await CheckoutAsync(app, new { email = NewEmail(), items = Items(("KEY-PM", 1)), paymentMethod = "manual" }),
            HttpStatusCode.BadRequest, "checkout.payment_method_unavailable");
        Assert.Contains("Available: stripe, cod", disabled.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await Refused(await CheckoutAsync(app, new { email = NewEmail(), items = Items(("KEY-PM", 1)), paymentMethod = "test" }),
            HttpStatusCode.BadRequest, "checkout.payment_method_unavailable");
        var cod = await Refused(await CheckoutAsync(app, new
        {
            email = NewEmail(), items = Items(("KEY-PM", 1), ("MUG-PM", 1)), paymentMethod = "cod", shippingAddress = Address, shippingMethod = "standard",
        }), HttpStatusCode.BadRequest, "checkout.cod_requires_physical");
        Assert.Contains("'KEY-PM' is digital", cod.GetProperty("detail").GetString(), StringComparison.Ordinal);

        Assert.Equal(0, await OrderCountAsync(app));
        Assert.Equal((3, 0, 0), await StockAsync(app, "KEY-PM"));
        Assert.Equal((3, 0, 0), await StockAsync(app, "MUG-PM"));
    }

    [Fact]
    public async Task Stripe_is_the_default_and_answers_the_metadata_the_shop_attaches()
    {
        await using var app = new OrderlyApp();
        await KeyProductAsync(app, "KEY-ST", 2);

        var placed = await Json(await CheckoutAsync(app, new { email = NewEmail(), items = Items(("KEY-ST", 2)) }), HttpStatusCode.Created);

        var orderId = placed.GetProperty("orderId").GetGuid();
        var payment = placed.GetProperty("payment");
        Assert.Equal(("stripe", 3000, "eur", false), (payment.GetProperty("provider").GetString(), payment.GetProperty("amount").GetInt64(),
            payment.GetProperty("currency").GetString(), payment.GetProperty("paidAtOnce").GetBoolean()));
        Assert.Equal(orderId.ToString(), payment.GetProperty("metadata").GetProperty("order_id").GetString());
        var order = await app.GetOrderAsync(orderId);
        Assert.Equal(("stripe", false), (order.GetProperty("paymentMethod").GetString(), order.GetProperty("isTest").GetBoolean()));
    }

    [Fact]
    public async Task Manual_payment_answers_the_bank_transfer_instructions_and_the_buyer_signals_reach_OrderPlaced()
    {
        await using var app = new OrderlyApp(new Dictionary<string, string?>
        {
            ["Payments:Manual:Instructions"] = "IBAN DE00 1234; reference {orderId}; amount {amount}",
            ["Checkout:IpCountryHeader"] = "CF-IPCountry",
        });
        await KeyProductAsync(app, "KEY-MAN", 2, price: 1999);

        var response = await CheckoutAsync(app, new { email = NewEmail(), items = Items(("KEY-MAN", 1)), paymentMethod = "manual", billingCountry = "fr" },
            r => r.Headers.Add("CF-IPCountry", "de"));
        var placed = await Json(response, HttpStatusCode.Created);

        var orderId = placed.GetProperty("orderId").GetGuid();
        var payment = placed.GetProperty("payment");
        Assert.Equal("manual", payment.GetProperty("provider").GetString());
        Assert.Equal($"IBAN DE00 1234; reference {orderId}; amount 19.99 EUR", payment.GetProperty("metadata").GetProperty("instructions").GetString());
        Assert.Equal("manual", (await app.GetOrderAsync(orderId)).GetProperty("paymentMethod").GetString());
        // A bank transfer takes days: the stock stays reserved for Checkout:OfflinePaymentReservation (7 days), not 15 minutes.
        Assert.InRange(placed.GetProperty("reservationExpiresAt").GetDateTime() - TimeProvider.System.GetUtcNow().UtcDateTime,
            TimeSpan.FromDays(7) - TimeSpan.FromMinutes(5), TimeSpan.FromDays(7));

        var placedEvent = JsonDocument.Parse(Assert.Single(await OutboxAsync(app, "orders.order_placed"))).RootElement;
        Assert.Equal("manual", placedEvent.GetProperty("paymentMethod").GetString());
        var buyer = placedEvent.GetProperty("buyer");
        Assert.Equal(("DE", "FR"), (buyer.GetProperty("ipCountry").GetString(), buyer.GetProperty("billingCountry").GetString()));
    }

    [Fact]
    public async Task The_country_header_is_ignored_unless_configured()
    {
        await using var app = new OrderlyApp();
        await KeyProductAsync(app, "KEY-HDR", 1);

        await Json(await CheckoutAsync(app, new { email = NewEmail(), items = Items(("KEY-HDR", 1)) }, r => r.Headers.Add("CF-IPCountry", "DE")), HttpStatusCode.Created);

        var buyer = JsonDocument.Parse(Assert.Single(await OutboxAsync(app, "orders.order_placed"))).RootElement.GetProperty("buyer");
        Assert.Equal(JsonValueKind.Null, buyer.GetProperty("ipCountry").ValueKind);
    }
}
