using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Orderly.Audit;
using Orderly.IntegrationTests.Infrastructure;
using Orderly.Orders.Contracts;
using Orderly.Payments;
using Orderly.Payments.Contracts;
using Orderly.Payments.WooCommerce;

namespace Orderly.IntegrationTests.Payments;

public sealed class WooCommerceWebhookTests
{
    private static readonly DateTime T0 = new(2026, 11, 22, 10, 0, 0, DateTimeKind.Utc);

    private sealed record Shop(OrderlyApp App, Published<PaymentRefunded> Refunds, Published<OrderCancelRequested> Cancels) : IAsyncDisposable
    {
        public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
        {
            using (request)
            {
                return await App.CreateClient().SendAsync(request);
            }
        }

        public async Task<string?> OutcomeAsync(string body, string topic = "order.updated")
        {
            var response = await SendAsync(WooSender.Request(body, topic));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("outcome").GetString();
        }

        public Task<WooOrderLink?> LinkAsync(long wooOrderId) => App.QueryAsync(db => db.Set<WooOrderLink>().SingleOrDefaultAsync(l => l.WooOrderId == wooOrderId));

        public ValueTask DisposeAsync() => App.DisposeAsync();
    }

    private static async Task<Shop> ShopAsync()
    {
        var refunds = new Published<PaymentRefunded>();
        var cancels = new Published<OrderCancelRequested>();
        var app = new OrderlyApp(new Dictionary<string, string?> { ["Payments:WooCommerce:WebhookSecret"] = WooSender.Secret }, services =>
        {
            refunds.Register(services);
            cancels.Register(services);
        });
        Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync("SKU-WA", price: 1000)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync("SKU-WB", price: 500)).StatusCode);
        await app.ImportKeysAsync("SKU-WA", ["WA-1", "WA-2", "WA-3"]);
        await app.ImportKeysAsync("SKU-WB", ["WB-1", "WB-2", "WB-3"]);
        return new Shop(app, refunds, cancels);
    }

    private static string Email() => $"woo-{Guid.NewGuid():N}@example.com";

    [Fact]
    public async Task The_ping_sent_when_a_webhook_is_created_is_answered_and_changes_nothing()
    {
        await using var shop = await ShopAsync();
        using var ping = new HttpRequestMessage(HttpMethod.Post, "/webhooks/woocommerce") { Content = new StringContent("webhook_id=7", Encoding.UTF8, "application/x-www-form-urlencoded") };

        var response = await shop.SendAsync(ping);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, await shop.App.QueryAsync(db => db.Set<WebhookEvent>().CountAsync()));
    }

    [Fact]
    public async Task A_wrong_signature_is_refused_and_no_order_is_mirrored()
    {
        await using var shop = await ShopAsync();
        var body = WooSender.Order(501, "processing", T0, "20.00", Email(), ("SKU-WA", 2));

        var response = await shop.SendAsync(WooSender.Request(body, "order.created", secret: "another-secret"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("payments.invalid_signature", (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("code").GetString());
        Assert.Null(await shop.LinkAsync(501));
        Assert.Equal(0, await shop.App.QueryAsync(db => db.Set<WebhookEvent>().CountAsync()));
    }

    [Fact]
    public async Task A_new_processing_Woo_order_is_mirrored_from_its_lines_and_paid()
    {
        await using var shop = await ShopAsync();
        var email = Email();

        Assert.Equal("payment_succeeded", await shop.OutcomeAsync(WooSender.Order(502, "processing", T0, "25.00", email, ("SKU-WA", 2), ("SKU-WB", 1)), "order.created"));

        var link = Assert.IsType<WooOrderLink>(await shop.LinkAsync(502));
        Assert.Equal(("https://shop.example.com", "processing", T0), (link.Store, link.LastStatusSeen, link.LastModifiedGmt));
        var order = await shop.App.WaitForOrderStatusAsync(link.OrderId, "completed");
        Assert.Equal(email, order.GetProperty("email").GetString());
        Assert.Equal(["SKU-WA x2", "SKU-WB x1"], order.GetProperty("lines").EnumerateArray().Select(l => $"{l.GetProperty("sku").GetString()} x{l.GetProperty("quantity").GetInt32()}").Order());
        var payment = await shop.App.QueryAsync(db => db.Set<Payment>().SingleAsync(p => p.OrderId == link.OrderId));
        Assert.Equal(("woocommerce", "502", 2500L), (payment.Provider, payment.ProviderPaymentId, payment.Amount));
    }

    [Fact]
    public async Task An_update_older_than_the_newest_applied_changes_nothing()
    {
        await using var shop = await ShopAsync();
        var email = Email();

        Assert.Equal("ignored", await shop.OutcomeAsync(WooSender.Order(503, "pending", T0, "10.00", email, ("SKU-WA", 1)), "order.created"));
        Assert.Equal("payment_succeeded", await shop.OutcomeAsync(WooSender.Order(503, "completed", T0.AddMinutes(5), "10.00", email, ("SKU-WA", 1))));
        // Delivered late: the pending state from before the payment.
        Assert.Equal("stale", await shop.OutcomeAsync(WooSender.Order(503, "failed", T0.AddMinutes(2), "10.00", email, ("SKU-WA", 1))));
        Assert.Equal("stale", await shop.OutcomeAsync(WooSender.Order(503, "pending", T0.AddMinutes(1), "10.00", email, ("SKU-WA", 1))));

        var link = Assert.IsType<WooOrderLink>(await shop.LinkAsync(503));
        Assert.Equal(("completed", T0.AddMinutes(5)), (link.LastStatusSeen, link.LastModifiedGmt));
        await shop.App.WaitForOrderStatusAsync(link.OrderId, "completed");
        Assert.Equal(1, await shop.App.QueryAsync(db => db.Set<Payment>().CountAsync()));
        Assert.Equal(4, await shop.App.QueryAsync(db => db.Set<WebhookEvent>().CountAsync()));
        Assert.Equal(0, await shop.App.QueryAsync(db => db.Set<WebhookEvent>().CountAsync(e => e.Outcome == "payment_failed")));
    }

    [Fact]
    public async Task A_repeated_delivery_of_the_same_state_is_a_duplicate()
    {
        await using var shop = await ShopAsync();
        var body = WooSender.Order(504, "processing", T0, "10.00", Email(), ("SKU-WA", 1));

        Assert.Equal("payment_succeeded", await shop.OutcomeAsync(body, "order.created"));
        Assert.Equal("duplicate", await shop.OutcomeAsync(body, "order.created"));

        Assert.Equal(1, await shop.App.QueryAsync(db => db.Set<WooOrderLink>().CountAsync()));
        Assert.Equal(1, await shop.App.QueryAsync(db => db.Set<Orderly.Orders.Order>().CountAsync()));
    }

    [Fact]
    public async Task An_order_with_an_unknown_sku_is_stored_acknowledged_and_audited_but_not_mirrored()
    {
        await using var shop = await ShopAsync();

        Assert.Equal("unknown_sku", await shop.OutcomeAsync(WooSender.Order(505, "processing", T0, "10.00", Email(), ("SKU-WA", 1), ("NOT-IN-ORDERLY", 1)), "order.created"));

        Assert.Null(await shop.LinkAsync(505));
        Assert.Equal(0, await shop.App.QueryAsync(db => db.Set<Orderly.Orders.Order>().CountAsync()));
        Assert.Equal(1, await shop.App.QueryAsync(db => db.Set<WebhookEvent>().CountAsync()));
        Assert.Equal(1, await shop.App.QueryAsync(db => db.Set<AuditEntry>().CountAsync(a => a.Type == "WooOrderNotMirrored")));
    }

    [Fact]
    public async Task A_cancelled_order_asks_Orders_to_cancel_and_a_refunded_one_reports_the_remaining_amount_once()
    {
        await using var shop = await ShopAsync();
        var email = Email();
        Assert.Equal("ignored", await shop.OutcomeAsync(WooSender.Order(506, "on-hold", T0, "10.00", email, ("SKU-WA", 1)), "order.created"));
        Assert.Equal("cancel_requested", await shop.OutcomeAsync(WooSender.Order(506, "cancelled", T0.AddMinutes(1), "10.00", email, ("SKU-WA", 1))));
        var cancelled = Assert.Single(await shop.Cancels.WaitForAsync(1));
        var link = Assert.IsType<WooOrderLink>(await shop.LinkAsync(506));
        Assert.Equal((link.OrderId, "woocommerce"), (cancelled.OrderId, cancelled.Source));

        Assert.Equal("payment_succeeded", await shop.OutcomeAsync(WooSender.Order(507, "processing", T0, "15.00", email, ("SKU-WA", 1), ("SKU-WB", 1)), "order.created"));
        Assert.Equal("payment_refunded", await shop.OutcomeAsync(WooSender.Order(507, "refunded", T0.AddMinutes(3), "15.00", email, ("SKU-WA", 1), ("SKU-WB", 1))));
        // Woo touched the order again (a note): same status, newer date — nothing more to refund.
        Assert.Equal("already_refunded", await shop.OutcomeAsync(WooSender.Order(507, "refunded", T0.AddMinutes(4), "15.00", email, ("SKU-WA", 1), ("SKU-WB", 1))));

        var refund = Assert.Single(await shop.Refunds.WaitForAsync(1));
        Assert.Equal(("woocommerce", "woo-507-refunded", 1500L, "EUR"), (refund.Provider, refund.ProviderRefundId, refund.Amount, refund.Currency));
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.Single(shop.Refunds.Messages);
    }
}
