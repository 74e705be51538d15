using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Orderly.Checkout.Coupons;
using Orderly.IntegrationTests.Infrastructure;
using Orderly.IntegrationTests.Orders;
using static Orderly.IntegrationTests.Checkout.CheckoutShop;

namespace Orderly.IntegrationTests.Checkout;

/// <summary>H4/H5: coupons counted in the order's own transaction, and the totals (discount, shipping, VAT) every route charges.</summary>
public sealed class CouponTotalsTests
{
    private static readonly Dictionary<string, string?> Taxed = new()
    {
        ["Checkout:ShippingRates:standard"] = "490",
        ["Checkout:ShippingRates:express"] = "990",
        ["Checkout:TaxRates:DE"] = "19",
        ["Checkout:TaxRates:FR"] = "20",
        ["Checkout:TaxCountry"] = "DE",
    };

    internal static async Task<JsonElement> CreateCouponAsync(OrderlyApp app, object body)
    {
        var response = await app.Admin().PostAsJsonAsync("/api/admin/coupons", body, TestContext.Current.CancellationToken);
        return await Json(response, HttpStatusCode.Created);
    }

    [Fact]
    public async Task Two_buyers_racing_for_the_last_use_of_a_coupon_one_gets_it_and_the_other_is_refused_with_nothing_written()
    {
        await using var app = new OrderlyApp();
        await KeyProductAsync(app, "KEY-RACE", 4);
        await CreateCouponAsync(app, new { code = "last1", kind = "percentage", percent = 10, maxUses = 1 });
        await Refused(await app.Admin().PostAsJsonAsync("/api/admin/coupons", new { code = "LAST1", kind = "fixed", fixedAmount = 100, currency = "EUR" },
            TestContext.Current.CancellationToken), HttpStatusCode.Conflict, "coupons.code_taken");
        await Refused(await app.Admin().PostAsJsonAsync("/api/admin/coupons", new { code = "BAD", kind = "percentage", percent = 150 },
            TestContext.Current.CancellationToken), HttpStatusCode.BadRequest, "coupons.invalid");

        var attempts = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            CheckoutAsync(app, new { email = NewEmail(), items = Items(("KEY-RACE", 1)), couponCode = "Last1" })));

        var placed = Assert.Single(attempts, r => r.StatusCode == HttpStatusCode.Created);
        var refused = Assert.Single(attempts, r => r.StatusCode != HttpStatusCode.Created);
        var problem = await Refused(refused, HttpStatusCode.UnprocessableEntity, "checkout.coupon_unavailable");
        Assert.Contains("LAST1", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var order = await Json(placed, HttpStatusCode.Created);
        Assert.Equal((150, 1350), (order.GetProperty("totals").GetProperty("discount").GetProperty("amount").GetInt64(), order.GetProperty("total").GetProperty("amount").GetInt64()));

        Assert.Equal(1, await OrderCountAsync(app));
        Assert.Equal(1, await app.QueryAsync(db => db.Set<Coupon>().Where(c => c.Code == "LAST1").Select(c => c.Uses).SingleAsync()));
        Assert.Equal(order.GetProperty("orderId").GetGuid(), (await app.QueryAsync(db => db.Set<CouponRedemption>().SingleAsync())).OrderId);
        Assert.Equal((3, 1, 0), await StockAsync(app, "KEY-RACE")); // the refused order reserved nothing
    }

    [Fact]
    public async Task The_json_api_records_and_returns_subtotal_discount_shipping_and_included_vat_and_the_payment_charges_the_total()
    {
        await using var app = new OrderlyApp(Taxed);
        await KeyProductAsync(app, "KEY-TOT", 3);
        await PhysicalProductAsync(app, "BOX-TOT", stock: 3, price: 2500);
        await CreateCouponAsync(app, new { code = "TEN", kind = "percentage", percent = 10 });

        var placed = await Json(await CheckoutAsync(app, new
        {
            email = NewEmail(), items = Items(("KEY-TOT", 2), ("BOX-TOT", 1)), shippingAddress = Address, shippingMethod = "standard", couponCode = "ten",
        }), HttpStatusCode.Created);

        // 2 × 15.00 + 25.00 = 55.00; 10 % off = 5.50; standard shipping 4.90; VAT 19 % included in 54.40 = 8.69.
        var totals = placed.GetProperty("totals");
        Assert.Equal((5500L, 550L, 490L, 869L, 5440L), Amounts(totals));
        Assert.Equal(("TEN", true), (totals.GetProperty("couponCode").GetString(), totals.GetProperty("pricesIncludeTax").GetBoolean()));
        Assert.Equal(5440, placed.GetProperty("total").GetProperty("amount").GetInt64());
        Assert.Equal(5440, placed.GetProperty("payment").GetProperty("amount").GetInt64());

        var orderId = placed.GetProperty("orderId").GetGuid();
        var publicView = await Json(await app.CreateClient().GetAsync($"/api/orders/{orderId}", TestContext.Current.CancellationToken), HttpStatusCode.OK);
        Assert.Equal((5500L, 550L, 490L, 869L, 5440L), Amounts(publicView.GetProperty("totals")));
        Assert.Equal(5440, publicView.GetProperty("total").GetProperty("amount").GetInt64());
        var lines = await app.QueryAsync(db => db.Set<Orderly.Orders.OrderLine>().Where(l => l.OrderId == orderId).OrderBy(l => l.Sku).ToListAsync());
        Assert.Equal([250L, 300L], lines.Select(l => l.DiscountAmount)); // BOX 2500 and KEY 3000 share the 550 in proportion
    }

    [Fact]
    public async Task Vat_added_on_top_follows_the_billing_country_of_a_digital_cart()
    {
        var settings = new Dictionary<string, string?>(Taxed) { ["Checkout:PricesIncludeTax"] = "false" };
        await using var app = new OrderlyApp(settings);
        await KeyProductAsync(app, "KEY-FR", 1, price: 1500);

        var placed = await Json(await CheckoutAsync(app, new { email = NewEmail(), items = Items(("KEY-FR", 1)), billingCountry = "fr" }), HttpStatusCode.Created);

        Assert.Equal((1500L, 0L, 0L, 300L, 1800L), Amounts(placed.GetProperty("totals")));
        Assert.Equal(1800, placed.GetProperty("payment").GetProperty("amount").GetInt64());
    }

    [Fact]
    public async Task Refunding_one_line_of_a_discounted_order_refunds_what_was_paid_for_it()
    {
        var stripe = new OrdersShop.StripeRefunds();
        await using var app = OrdersShop.Start(stripe);
        await OrdersShop.ProductAsync(app, "KEY-DA", keys: 1, price: 2000);
        await OrdersShop.ProductAsync(app, "KEY-DB", keys: 1, price: 1000);
        await CreateCouponAsync(app, new { code = "OFF3", kind = "fixed", fixedAmount = 300, currency = "EUR" });
        var placed = await Json(await CheckoutAsync(app, new { email = NewEmail(), items = Items(("KEY-DA", 1), ("KEY-DB", 1)), couponCode = "OFF3" }), HttpStatusCode.Created);
        var orderId = placed.GetProperty("orderId").GetGuid();
        Assert.Equal(2700, placed.GetProperty("total").GetProperty("amount").GetInt64());
        Assert.Equal(HttpStatusCode.OK, (await app.PayAsync(StripeEvents.PaymentIntentSucceeded(orderId, 2700))).StatusCode);
        await app.WaitForOrderStatusAsync(orderId, "completed");
        var lineB = await app.QueryAsync(db => db.Set<Orderly.Orders.OrderLine>().Where(l => l.OrderId == orderId && l.Sku == "KEY-DB").Select(l => l.Id).SingleAsync());

        var accepted = await OrdersShop.JsonAsync(await OrdersShop.RefundAsync(app, orderId, new { reason = "not needed", lines = new[] { new { orderLineId = lineB, quantity = 1 } } }),
            HttpStatusCode.Accepted);

        // KEY-DB's share of the 3.00 off is 1.00: it was paid 9.00, not its price of 10.00.
        Assert.Equal(900, accepted.GetProperty("amount").GetInt64());
        var order = await app.WaitForOrderStatusAsync(orderId, "partially_refunded");
        Assert.Equal(900, order.GetProperty("refunded").GetProperty("amount").GetInt64());
        Assert.Equal("applied", order.GetProperty("refunds").EnumerateArray().Single().GetProperty("outcome").GetString());
        Assert.Equal(900, stripe.Calls.Single().Amount);
        var refundedLine = order.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("sku").GetString() == "KEY-DB");
        Assert.Equal(1, refundedLine.GetProperty("refundedQuantity").GetInt32());
    }

    private static (long Subtotal, long Discount, long Shipping, long Tax, long Total) Amounts(JsonElement totals) =>
        (Amount(totals, "subtotal"), Amount(totals, "discount"), Amount(totals, "shipping"), Amount(totals, "tax"), Amount(totals, "total"));

    private static long Amount(JsonElement totals, string name) => totals.GetProperty(name).GetProperty("amount").GetInt64();
}
