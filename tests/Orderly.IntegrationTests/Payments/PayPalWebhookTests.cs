using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Orderly.IntegrationTests.Infrastructure;
using Orderly.Payments;
using Orderly.Payments.Contracts;

namespace Orderly.IntegrationTests.Payments;

public sealed class PayPalWebhookTests
{
    private sealed record Shop(OrderlyApp App, PayPalSender PayPal, Published<PaymentRefunded> Refunds, Guid OrderId, long Total) : IAsyncDisposable
    {
        public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
        {
            using (request)
            {
                return await App.CreateClient().SendAsync(request);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await App.DisposeAsync();
            PayPal.Dispose();
        }
    }

    private static async Task<Shop> ShopAsync(PayPalSender? sender = null)
    {
        var paypal = sender ?? new PayPalSender();
        var refunds = new Published<PaymentRefunded>();
        var app = new OrderlyApp(PayPalSender.Settings, services =>
        {
            paypal.Register(services);
            refunds.Register(services);
        });
        Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync("SKU-PP", price: 1999)).StatusCode);
        await app.ImportKeysAsync("SKU-PP", ["PP-1", "PP-2"]);
        var (orderId, total) = await app.PlaceOrderAsync($"pp-{Guid.NewGuid():N}@example.com", ("SKU-PP", 1));
        return new Shop(app, paypal, refunds, orderId, total);
    }

    private static async Task<string?> OutcomeAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("outcome").GetString();

    private static async Task<string?> CodeAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("code").GetString();

    private static Task<int> StoredEventsAsync(OrderlyApp app) => app.QueryAsync(db => db.Set<WebhookEvent>().CountAsync());

    [Fact]
    public async Task A_capture_signed_with_PayPals_certificate_pays_the_order_named_by_custom_id()
    {
        await using var shop = await ShopAsync();
        var captureId = PayPalEvents.Capture();

        var response = await shop.SendAsync(shop.PayPal.Request(PayPalEvents.CaptureCompleted(shop.OrderId, "19.99", captureId: captureId)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("payment_succeeded", await OutcomeAsync(response));
        var payment = await shop.App.QueryAsync(db => db.Set<Payment>().SingleAsync(p => p.OrderId == shop.OrderId));
        Assert.Equal(("paypal", captureId, 1999L, "EUR"), (payment.Provider, payment.ProviderPaymentId, payment.Amount, payment.Currency));
        await shop.App.WaitForOrderStatusAsync(shop.OrderId, "completed");
        Assert.Equal([shop.PayPal.CertUrl], shop.PayPal.Server.Requests.Select(u => u.AbsoluteUri));
    }

    [Fact]
    public async Task The_certificate_is_fetched_once_and_a_repeated_event_is_a_duplicate()
    {
        await using var shop = await ShopAsync();
        var body = PayPalEvents.CaptureCompleted(shop.OrderId, "19.99");

        Assert.Equal("payment_succeeded", await OutcomeAsync(await shop.SendAsync(shop.PayPal.Request(body))));
        Assert.Equal("duplicate", await OutcomeAsync(await shop.SendAsync(shop.PayPal.Request(body))));

        Assert.Single(shop.PayPal.Server.Requests);
        Assert.Equal(1, await StoredEventsAsync(shop.App));
    }

    [Fact]
    public async Task A_body_changed_after_signing_is_refused_and_changes_nothing()
    {
        await using var shop = await ShopAsync();
        var signedBody = PayPalEvents.CaptureCompleted(shop.OrderId, "19.99");

        var response = await shop.SendAsync(shop.PayPal.Request(signedBody.Replace("19.99", "0.01", StringComparison.Ordinal), signedBody: signedBody));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("payments.invalid_signature", await CodeAsync(response));
        Assert.Equal(0, await StoredEventsAsync(shop.App));
        Assert.Equal("pending", (await shop.App.GetOrderAsync(shop.OrderId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_transmission_signed_for_another_webhook_id_is_refused()
    {
        await using var shop = await ShopAsync();

        var response = await shop.SendAsync(shop.PayPal.Request(PayPalEvents.CaptureCompleted(shop.OrderId, "19.99"), webhookId: "OTHERWEBHOOK0000000000"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await StoredEventsAsync(shop.App));
    }

    [Fact]
    public async Task A_transmission_time_outside_the_tolerance_is_refused_before_any_certificate_is_fetched()
    {
        await using var shop = await ShopAsync();

        var response = await shop.SendAsync(shop.PayPal.Request(PayPalEvents.CaptureCompleted(shop.OrderId, "19.99"), at: TimeProvider.System.GetUtcNow().AddMinutes(-10)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await StoredEventsAsync(shop.App));
        Assert.Empty(shop.PayPal.Server.Requests);
    }

    [Theory]
    [InlineData("https://attacker.example/v1/notifications/certs/CERT-1")]
    [InlineData("http://api.sandbox.paypal.com/v1/notifications/certs/CERT-1")]
    [InlineData("https://api.sandbox.paypal.com.attacker.example/certs/CERT-1")]
    [InlineData("https://api.sandbox.paypal.com:8443/v1/notifications/certs/CERT-1")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    public async Task A_certificate_url_off_PayPals_hosts_is_refused_without_fetching_it(string certUrl)
    {
        await using var shop = await ShopAsync();

        var response = await shop.SendAsync(shop.PayPal.Request(PayPalEvents.CaptureCompleted(shop.OrderId, "19.99"), certUrl: certUrl));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("payments.invalid_signature", await CodeAsync(response));
        Assert.Empty(shop.PayPal.Server.Requests);
        Assert.Equal(0, await StoredEventsAsync(shop.App));
    }

    [Fact]
    public async Task An_expired_certificate_is_not_trusted()
    {
        var now = TimeProvider.System.GetUtcNow();
        await using var shop = await ShopAsync(new PayPalSender(now.AddDays(-30), now.AddDays(-1)));

        var response = await shop.SendAsync(shop.PayPal.Request(PayPalEvents.CaptureCompleted(shop.OrderId, "19.99")));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(0, await StoredEventsAsync(shop.App));
    }

    [Fact]
    public async Task A_denied_capture_reports_a_failed_payment_and_pays_nothing()
    {
        await using var shop = await ShopAsync();

        var response = await shop.SendAsync(shop.PayPal.Request(PayPalEvents.CaptureDenied(shop.OrderId, "19.99")));

        Assert.Equal("payment_failed", await OutcomeAsync(response));
        Assert.Equal(0, await shop.App.QueryAsync(db => db.Set<Payment>().CountAsync()));
    }

    [Fact]
    public async Task A_refund_found_through_the_captured_payment_is_published_once()
    {
        await using var shop = await ShopAsync();
        var captureId = PayPalEvents.Capture();
        await shop.SendAsync(shop.PayPal.Request(PayPalEvents.CaptureCompleted(shop.OrderId, "19.99", captureId: captureId)));

        // The refund resource carries no custom_id here: the capture in its "up" link names the order.
        var refund = PayPalEvents.CaptureRefunded(null, captureId, "5.00", refundId: "1JU08902781691411");
        Assert.Equal("payment_refunded", await OutcomeAsync(await shop.SendAsync(shop.PayPal.Request(refund))));
        // The same refund in another event (PayPal re-sent it with a new id) is not a second refund.
        var again = PayPalEvents.CaptureRefunded(shop.OrderId, captureId, "5.00", refundId: "1JU08902781691411");
        Assert.Equal("already_refunded", await OutcomeAsync(await shop.SendAsync(shop.PayPal.Request(again))));

        var published = Assert.Single(await shop.Refunds.WaitForAsync(1));
        Assert.Equal((shop.OrderId, "paypal", "1JU08902781691411", 500L, "EUR"), (published.OrderId, published.Provider, published.ProviderRefundId, published.Amount, published.Currency));
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.Single(shop.Refunds.Messages);
    }
}
