using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Orderly.IntegrationTests.Infrastructure;
using static Orderly.IntegrationTests.Checkout.CheckoutShop;

namespace Orderly.IntegrationTests.Checkout;

/// <summary>D7: a test order runs the whole delivery path without money, and every record says it was a test.</summary>
public sealed class TestModeTests
{
    [Fact]
    public async Task In_test_mode_a_test_order_is_delivered_with_a_marked_email_marked_audit_and_no_provider()
    {
        await using var app = new OrderlyApp(new Dictionary<string, string?> { ["Checkout:TestMode"] = "true" });
        await KeyProductAsync(app, "KEY-T1", 1);
        var email = NewEmail();

        var placed = await Json(await CheckoutAsync(app, new { email, items = Items(("KEY-T1", 1)), paymentMethod = "test" }), HttpStatusCode.Created);
        var orderId = placed.GetProperty("orderId").GetGuid();
        Assert.True(placed.GetProperty("isTest").GetBoolean());
        Assert.True(placed.GetProperty("payment").GetProperty("paidAtOnce").GetBoolean());

        var order = await app.WaitForOrderStatusAsync(orderId, "completed");
        Assert.Equal(("test", true), (order.GetProperty("paymentMethod").GetString(), order.GetProperty("isTest").GetBoolean()));
        var publicView = await Json(await app.CreateClient().GetAsync($"/api/orders/{orderId}", TestContext.Current.CancellationToken), HttpStatusCode.OK);
        Assert.True(publicView.GetProperty("isTest").GetBoolean());

        var mail = Assert.Single(await Sink.WaitForMessagesAsync(m => SmtpSink.IsAddressedTo(m, email), 1, TimeSpan.FromSeconds(20)));
        Assert.StartsWith("[TEST] ", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("[TEST]", mail.HtmlBody, StringComparison.Ordinal);
        Assert.StartsWith("[TEST]", mail.TextBody, StringComparison.Ordinal);

        // Settled inside the shop: no provider payment id, no webhook, the payment names the test route.
        var payment = await app.QueryAsync(db => db.Set<Orderly.Payments.Payment>().SingleAsync(p => p.OrderId == orderId));
        Assert.Equal(("test", $"test_{orderId:N}"), (payment.Provider, payment.ProviderPaymentId));
        Assert.Equal(0, await app.QueryAsync(db => db.Set<Orderly.Payments.WebhookEvent>().CountAsync()));

        await app.WaitUntilAsync(db => db.Set<Orderly.Audit.AuditEntry>().AnyAsync(e => e.OrderId == orderId && e.Type == "EmailSent"), "EmailSent is audited");
        var audit = await AuditAsync(app, orderId);
        foreach (var type in new[] { "OrderPlaced", "PaymentReceived", "KeyAssigned", "EmailSent" })
        {
            Assert.True(JsonDocument.Parse(audit.First(e => e.Type == type).Data!).RootElement.GetProperty("test").GetBoolean(), type);
        }
    }

    [Fact]
    public async Task Without_test_mode_only_a_cart_of_the_test_product_may_use_test()
    {
        await using var app = new OrderlyApp();
        await KeyProductAsync(app, "DGTEST", 2, price: 0);
        await KeyProductAsync(app, "KEY-T2", 2);
        var email = NewEmail();

        await Refused(await CheckoutAsync(app, new { email, items = Items(("DGTEST", 1), ("KEY-T2", 1)), paymentMethod = "test" }),
            HttpStatusCode.BadRequest, "checkout.payment_method_unavailable");
        var placed = await Json(await CheckoutAsync(app, new { email, items = Items(("DGTEST", 1)), paymentMethod = "test" }), HttpStatusCode.Created);

        var orderId = placed.GetProperty("orderId").GetGuid();
        Assert.True((await app.WaitForOrderStatusAsync(orderId, "completed")).GetProperty("isTest").GetBoolean());
        var mail = Assert.Single(await Sink.WaitForMessagesAsync(m => SmtpSink.IsAddressedTo(m, email), 1, TimeSpan.FromSeconds(20)));
        Assert.StartsWith("[TEST] ", mail.Subject, StringComparison.Ordinal);
        Assert.Equal((1, 0, 1), await StockAsync(app, "DGTEST"));
        Assert.Equal((2, 0, 0), await StockAsync(app, "KEY-T2"));
    }
}
