using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Orderly.IntegrationTests.Infrastructure;
using Orderly.Payments;

namespace Orderly.IntegrationTests.Payments;

public sealed class StripeWebhookTests
{
    private static async Task<(OrderlyApp App, Guid OrderId, long Total)> OrderAwaitingPaymentAsync(IDictionary<string, string?>? settings = null)
    {
        var app = new OrderlyApp(settings);
        Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync("SKU-W")).StatusCode);
        await app.ImportKeysAsync("SKU-W", ["W-1", "W-2", "W-3"]);
        var (orderId, total) = await app.PlaceOrderAsync($"w-{Guid.NewGuid():N}@example.com", ("SKU-W", 1));
        return (app, orderId, total);
    }

    private static Task<int> StoredEventsAsync(OrderlyApp app) => app.QueryAsync(db => db.Set<WebhookEvent>().CountAsync());

    [Fact]
    public async Task A_wrong_signature_is_refused_with_400_and_changes_nothing()
    {
        var (app, orderId, total) = await OrderAwaitingPaymentAsync();
        await using var _ = app;
        var payload = StripeEvents.PaymentIntentSucceeded(orderId, total);
        var header = await StripeFixture.SignatureHeaderAsync(payload, "whsec_someone_else");

        var response = await app.PostStripeAsync(payload, header);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("payments.invalid_signature", (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("code").GetString());
        Assert.Equal(0, await StoredEventsAsync(app));
        Assert.Equal("pending", (await app.GetOrderAsync(orderId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_body_changed_after_signing_is_refused()
    {
        var (app, orderId, total) = await OrderAwaitingPaymentAsync();
        await using var _ = app;
        var payload = StripeEvents.PaymentIntentSucceeded(orderId, total);
        var header = await StripeFixture.SignatureHeaderAsync(payload, OrderlyApp.WebhookSecret);

        var response = await app.PostStripeAsync(payload.Replace($"\"amount\":{total}", "\"amount\":1", StringComparison.Ordinal), header);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await StoredEventsAsync(app));
    }

    [Fact]
    public async Task A_signature_older_than_the_tolerance_is_refused_as_a_replay()
    {
        var (app, orderId, total) = await OrderAwaitingPaymentAsync();
        await using var _ = app;
        var payload = StripeEvents.PaymentIntentSucceeded(orderId, total);
        var tenMinutesAgo = TimeProvider.System.GetUtcNow().AddMinutes(-10).ToUnixTimeSeconds();
        var header = await StripeFixture.SignatureHeaderAsync(payload, OrderlyApp.WebhookSecret, tenMinutesAgo);

        Assert.Equal(HttpStatusCode.BadRequest, (await app.PostStripeAsync(payload, header)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.PostStripeAsync(payload, null)).StatusCode);
        Assert.Equal(0, await StoredEventsAsync(app));
    }

    [Fact]
    public async Task During_secret_rotation_a_header_with_several_v1_signatures_is_accepted()
    {
        var (app, orderId, total) = await OrderAwaitingPaymentAsync(new Dictionary<string, string?>
        {
            ["Payments:Stripe:PreviousWebhookSecrets:0"] = "whsec_the_old_secret",
        });
        await using var _ = app;
        // Stripe signs with the old and the new secret while the old one expires.
        var payload = StripeEvents.PaymentIntentSucceeded(orderId, total);
        var both = await StripeFixture.SignatureHeaderAsync(payload, ["whsec_unknown_rolled_secret", OrderlyApp.WebhookSecret]);
        Assert.Equal(HttpStatusCode.OK, (await app.PostStripeAsync(payload, both)).StatusCode);

        // A sender still on the previous secret is accepted too.
        var second = StripeEvents.PaymentIntentSucceeded(orderId, total);
        var oldOnly = await StripeFixture.SignatureHeaderAsync(second, "whsec_the_old_secret");
        Assert.Equal(HttpStatusCode.OK, (await app.PostStripeAsync(second, oldOnly)).StatusCode);
        Assert.Equal(2, await StoredEventsAsync(app));
    }

    [Fact]
    public async Task An_event_for_an_unknown_order_is_stored_and_acknowledged_but_fulfills_nothing()
    {
        var (app, orderId, total) = await OrderAwaitingPaymentAsync();
        await using var _ = app;
        var response = await app.PayAsync(StripeEvents.PaymentIntentSucceeded(Guid.NewGuid(), total));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("unknown_order", (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("outcome").GetString());
        Assert.Equal(1, await StoredEventsAsync(app));
        Assert.Equal(0, await app.QueryAsync(db => db.Set<Payment>().CountAsync()));
        Assert.Equal("pending", (await app.GetOrderAsync(orderId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_body_over_one_megabyte_is_refused_with_413()
    {
        await using var app = new OrderlyApp();
        var payload = "{\"id\":\"evt_big\",\"pad\":\"" + new string('x', 1024 * 1024) + "\"}";
        var header = Orderly.Payments.Stripe.StripeSignature.Sign(Encoding.UTF8.GetBytes(payload), OrderlyApp.WebhookSecret, TimeProvider.System.GetUtcNow().ToUnixTimeSeconds());

        var response = await app.PostStripeAsync(payload, header);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, await StoredEventsAsync(app));
    }

    [Fact]
    public async Task A_failed_payment_is_recorded_on_the_timeline_and_the_order_stays_payable()
    {
        var (app, orderId, total) = await OrderAwaitingPaymentAsync();
        await using var _ = app;
        Assert.Equal(HttpStatusCode.OK, (await app.PayAsync(StripeEvents.PaymentIntentFailed(orderId, total))).StatusCode);
        await app.WaitUntilAsync(async db => await db.Set<Orderly.Orders.TimelineEntry>().AnyAsync(t => t.OrderId == orderId && t.Event == "payment_failed"), "the failure is on the timeline");
        // A5: the order fails (its stock goes back), but a later payment still pays it.
        Assert.Equal("failed", (await app.GetOrderAsync(orderId)).GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.OK, (await app.PayAsync(StripeEvents.PaymentIntentSucceeded(orderId, total))).StatusCode);
        await app.WaitForOrderStatusAsync(orderId, "completed");
    }

    [Fact]
    public async Task A_payment_of_less_than_the_order_total_puts_the_order_on_hold_instead_of_fulfilling_it()
    {
        var (app, orderId, total) = await OrderAwaitingPaymentAsync();
        await using var _ = app;
        Assert.Equal(HttpStatusCode.OK, (await app.PayAsync(StripeEvents.PaymentIntentSucceeded(orderId, total - 1))).StatusCode);
        await app.WaitForOrderStatusAsync(orderId, "on_hold");
        Assert.Equal(0, await app.QueryAsync(db => db.Set<Orderly.Keys.LicenseKey>().CountAsync(k => k.OrderId == orderId)));
    }

    [Fact]
    public async Task Every_event_delivered_three_times_in_shuffled_order_fulfills_each_order_once_with_one_email()
    {
        await using var app = new OrderlyApp();
        var ct = TestContext.Current.CancellationToken;
        var sink = SmtpSink.FromEnvironment() ?? throw new InvalidOperationException("No SMTP sink configured: run ./test.sh.");
        Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync("DUP")).StatusCode);
        await app.ImportKeysAsync("DUP", Enumerable.Range(1, 40).Select(i => $"DUP-KEY-{i:D4}"));

        var run = Guid.NewGuid().ToString("N")[..8];
        var orders = new List<(Guid OrderId, string Email)>();
        var payloads = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var email = $"dup-{run}-{i}@example.com";
            var (orderId, total) = await app.PlaceOrderAsync(email, ("DUP", 1));
            orders.Add((orderId, email));
            // Both success signals Stripe sends for one checkout: each must count once in total.
            payloads.Add(StripeEvents.PaymentIntentSucceeded(orderId, total));
            payloads.Add(StripeEvents.CheckoutSessionCompleted(orderId, total));
        }
        var headers = await StripeFixture.SignatureHeadersAsync(payloads, OrderlyApp.WebhookSecret);
        var deliveries = payloads.Zip(headers).SelectMany(p => Enumerable.Repeat(p, 3)).ToArray();
        Random.Shared.Shuffle(deliveries);

        await Parallel.ForEachAsync(deliveries, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (delivery, _) =>
        {
            var response = await app.PostStripeAsync(delivery.First, delivery.Second);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        });

        foreach (var (orderId, _) in orders)
        {
            await app.WaitForOrderStatusAsync(orderId, "completed");
        }
        var mails = await sink.WaitForMessagesAsync(m => m.To.Mailboxes.Any(a => a.Address.StartsWith($"dup-{run}-", StringComparison.Ordinal)), 20, TimeSpan.FromSeconds(30));
        await Task.Delay(500, ct); // would-be duplicates have time to arrive
        mails = await sink.WaitForMessagesAsync(m => m.To.Mailboxes.Any(a => a.Address.StartsWith($"dup-{run}-", StringComparison.Ordinal)), 20, TimeSpan.FromSeconds(1));
        Assert.Equal(20, mails.Count);
        Assert.Equal(20, mails.Select(m => m.To.Mailboxes.Single().Address).Distinct().Count());
        Assert.Equal(40, await app.QueryAsync(db => db.Set<WebhookEvent>().CountAsync()));
        Assert.Equal(20, await app.QueryAsync(db => db.Set<Payment>().CountAsync()));
        Assert.Equal(20, await app.QueryAsync(db => db.Set<Orderly.Keys.LicenseKey>().CountAsync(k => k.OrderId != null)));
        var perOrder = await app.QueryAsync(db => db.Set<Orderly.Keys.LicenseKey>().Where(k => k.OrderId != null).GroupBy(k => k.OrderId).Select(g => g.Count()).ToListAsync());
        Assert.All(perOrder, count => Assert.Equal(1, count));
    }
}
