using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Orderly.IntegrationTests.Infrastructure;
using static Orderly.IntegrationTests.Reseller.ResellerShop;

namespace Orderly.IntegrationTests.Reseller;

/// <summary>Outgoing webhooks: stored deliveries, retries until the receiver recovers, both signatures, replay, 410, restarts and the SSRF guard.</summary>
public sealed class ResellerWebhookTests
{
    /// <summary>Loopback targets allowed (the receiver is local) and a short retry schedule.</summary>
    private static Dictionary<string, string?> LocalReceiver() => new()
    {
        ["Reseller:Webhooks:RequireHttps"] = "false",
        ["Reseller:Webhooks:AllowPrivateTargets"] = "true",
        ["Reseller:Webhooks:PollInterval"] = "00:00:00.100",
        ["Reseller:Webhooks:RetrySchedule:0"] = "00:00:00.300",
        ["Reseller:Webhooks:RetrySchedule:1"] = "00:00:00.300",
        ["Reseller:Webhooks:RetrySchedule:2"] = "00:00:00.300",
        ["Reseller:Webhooks:RetrySchedule:3"] = "00:00:00.300",
        ["Reseller:Webhooks:RetrySchedule:4"] = "00:00:00.300",
        ["Reseller:Webhooks:RetrySchedule:5"] = "00:00:00.300",
    };

    private static async Task<(Guid Id, string Secret)> SubscribeAsync(OrderlyApp app, Guid merchantId, string url, params string[] events)
    {
        var created = await Json(await app.Admin().PostAsJsonAsync($"/api/admin/reseller/merchants/{merchantId}/webhooks", new { url, events }), HttpStatusCode.Created);
        return (created.GetProperty("id").GetGuid(), created.GetProperty("secret").GetString()!);
    }

    private static async Task WaitAsync(Func<bool> condition, string what, int seconds = 30)
    {
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(seconds);
        while (!condition())
        {
            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"Timed out waiting until {what}.");
            }
            await Task.Delay(50);
        }
    }

    private static async Task<JsonElement> DeliveriesAsync(OrderlyApp app, Guid merchantId) =>
        await app.Admin().GetFromJsonAsync<JsonElement>($"/api/admin/reseller/merchants/{merchantId}/webhooks/deliveries");

    private static string Event(WebhookReceiver.Received r) => r.Headers["x-upa-event"];

    [Fact]
    public async Task A_receiver_that_fails_for_a_while_gets_every_event_once_its_retries_succeed_signed_both_ways()
    {
        await using var receiver = new WebhookReceiver(n => n <= 5 ? 503 : 200);
        await using var app = new OrderlyApp(LocalReceiver());
        Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync("WH-KEY", lowStockThreshold: 2)).StatusCode);
        await app.ImportKeysAsync("WH-KEY", ["WH-1", "WH-2", "WH-3"]);
        var merchant = await MerchantAsync(app, topUpMinor: 10_000);
        var (_, secret) = await SubscribeAsync(app, merchant.MerchantId, receiver.Url, "product.delivered", "order.paid", "order.fulfilled", "order.refunded", "stock.low");
        var email = $"wh-{Guid.NewGuid():N}@example.com";

        var order = await Json(await OrderAsync(app, Body(merchant.Key, "WH-KEY", 10m, email: email, externalId: "WH-ORDER-1")), HttpStatusCode.Created);
        var requestId = order.GetProperty("request_id").GetGuid();

        string[] expected = ["order.fulfilled", "order.paid", "product.delivered", "stock.low"];
        await WaitAsync(() => receiver.Accepted.Select(Event).Distinct().Count() == expected.Length, "every event was accepted");
        // A moment for any duplicate to show up, then: each event accepted exactly once.
        await Task.Delay(1000, TestContext.Current.CancellationToken);
        var accepted = receiver.Accepted;
        Assert.Equal(expected, accepted.Select(Event).Order());
        Assert.Equal(accepted.Count, accepted.Select(r => r.Headers["webhook-id"]).Distinct().Count());
        // The failures were retries of the same messages (same webhook-id), not lost ones.
        var failed = receiver.Requests.Where(r => r.AnsweredStatus == 503).ToList();
        Assert.Equal(5, failed.Count);
        Assert.All(failed, f => Assert.Contains(accepted, a => a.Headers["webhook-id"] == f.Headers["webhook-id"]));

        // X-UPA: hex HMAC-SHA256 of "timestamp.body" keyed with the secret string.
        foreach (var r in accepted)
        {
            var expectedUpa = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{r.Headers["x-upa-timestamp"]}.{r.Body}")));
            Assert.Equal(expectedUpa, r.Headers["x-upa-signature"]);
            Assert.Equal(r.Headers["x-upa-timestamp"], r.Headers["webhook-timestamp"]);
        }
        // Standard Webhooks: verified by the official npm package.
        var verdicts = await StandardWebhooksFixture.VerifyAsync(secret, accepted.Select(r => (r.Body, (IReadOnlyDictionary<string, string>)r.Headers)).ToList());
        Assert.All(verdicts, Assert.Null);
        var tampered = await StandardWebhooksFixture.VerifyAsync(secret, [(accepted[0].Body + " ", accepted[0].Headers)]);
        Assert.NotNull(tampered[0]);

        // product.delivered carries the seed's fields.
        var delivered = accepted.Single(r => Event(r) == "product.delivered");
        Assert.Equal(requestId.ToString(), delivered.Headers["x-upa-request-id"]);
        var payload = JsonDocument.Parse(delivered.Body).RootElement;
        Assert.Equal("delivered", payload.GetProperty("status").GetString());
        Assert.Equal("WH-KEY", payload.GetProperty("product").GetString());
        Assert.Equal(email, payload.GetProperty("email").GetString());
        Assert.Equal(requestId, payload.GetProperty("request_id").GetGuid());
        Assert.False(payload.GetProperty("test").GetBoolean());
        Assert.Equal("stock_auto", payload.GetProperty("delivery_source").GetString());

        // The delivery log shows them delivered; a manual replay sends one again with the same id.
        var log = await DeliveriesAsync(app, merchant.MerchantId);
        Assert.All(log.EnumerateArray(), d => Assert.Equal("delivered", d.GetProperty("status").GetString()));
        Assert.Contains(log.EnumerateArray(), d => d.GetProperty("attempts").GetInt32() > 1);
        var deliveredLog = log.EnumerateArray().Single(d => d.GetProperty("event").GetString() == "product.delivered");
        Assert.Equal(HttpStatusCode.Accepted, (await app.Admin().PostAsync($"/api/admin/reseller/webhooks/deliveries/{deliveredLog.GetProperty("id").GetGuid()}/replay", null, TestContext.Current.CancellationToken)).StatusCode);
        await WaitAsync(() => receiver.Accepted.Count(r => Event(r) == "product.delivered") == 2, "the replay arrived");
        Assert.Single(receiver.Accepted.Where(r => Event(r) == "product.delivered").Select(r => r.Headers["webhook-id"]).Distinct());

        // A refund (published as the refund workflow will) becomes order.refunded.
        await PublishRefundAsync(app, order.GetProperty("order_id").GetGuid(), 1500);
        await WaitAsync(() => receiver.Accepted.Any(r => Event(r) == "order.refunded"), "order.refunded was accepted");
        var refunded = JsonDocument.Parse(receiver.Accepted.Single(r => Event(r) == "order.refunded").Body).RootElement;
        Assert.Equal("WH-ORDER-1", refunded.GetProperty("external_id").GetString());
        Assert.Equal(1500, refunded.GetProperty("amount").GetInt64());
    }

    [Fact]
    public async Task Stored_deliveries_survive_a_restart_and_are_sent_by_the_next_instance()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "orderly-tests", Guid.NewGuid().ToString("N"));
        await using var receiver = new WebhookReceiver(_ => 503);
        var settings = LocalReceiver();
        for (var i = 0; i < 9; i++)
        {
            settings[$"Reseller:Webhooks:RetrySchedule:{i}"] = "00:00:01"; // enough steps left for the restart
        }
        try
        {
            Guid merchantId;
            await using (var first = new OrderlyApp(settings, dataDir: dataDir))
            {
                Assert.Equal(HttpStatusCode.Created, (await first.CreateProductAsync("WH-RESTART")).StatusCode);
                await first.ImportKeysAsync("WH-RESTART", ["R-1"]);
                var merchant = await MerchantAsync(first, topUpMinor: 10_000);
                merchantId = merchant.MerchantId;
                await SubscribeAsync(first, merchantId, receiver.Url, "order.paid");
                await Json(await OrderAsync(first, Body(merchant.Key, "WH-RESTART", 5m)), HttpStatusCode.Created);
                await WaitAsync(() => receiver.Requests.Count >= 2, "the receiver refused at least twice");
            }
            receiver.Answer = _ => 200;
            await using var second = new OrderlyApp(settings, dataDir: dataDir);
            _ = second.Services; // starts the host, and with it the delivery worker
            await WaitAsync(() => receiver.Accepted.Count == 1, "the restarted instance delivered");
            var log = await DeliveriesAsync(second, merchantId);
            Assert.Equal("delivered", log.EnumerateArray().Single().GetProperty("status").GetString());
        }
        finally
        {
            OrderlyApp.DeleteDataDir(dataDir);
        }
    }

    [Fact]
    public async Task A_retry_waits_at_least_as_long_as_the_receivers_retry_after()
    {
        await using var receiver = new WebhookReceiver(n => n == 1 ? 503 : 200) { RetryAfterSeconds = 3 };
        var settings = LocalReceiver();
        settings["Reseller:Webhooks:RetrySchedule:0"] = "00:00:02"; // jitter alone would wait at most 2 s
        await using var app = await StartAsync("WH-LATER", keys: 1, settings);
        var merchant = await MerchantAsync(app, topUpMinor: 10_000);
        await SubscribeAsync(app, merchant.MerchantId, receiver.Url, "order.paid");

        await Json(await OrderAsync(app, Body(merchant.Key, "WH-LATER", 5m)), HttpStatusCode.Created);

        await WaitAsync(() => receiver.Accepted.Count == 1, "the retry was accepted");
        var attempts = receiver.Requests.OrderBy(r => r.Number).ToList();
        Assert.Equal(2, attempts.Count);
        Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromSeconds(2.9), $"retried after {(attempts[1].At - attempts[0].At).TotalSeconds:0.00} s");
    }

    [Fact]
    public async Task A_410_answer_disables_the_subscription_and_stops_its_deliveries()
    {
        await using var receiver = new WebhookReceiver(_ => 410);
        await using var app = await StartAsync("WH-GONE", keys: 2, LocalReceiver());
        var merchant = await MerchantAsync(app, topUpMinor: 10_000);
        await SubscribeAsync(app, merchant.MerchantId, receiver.Url, "order.paid", "order.fulfilled", "product.delivered");

        var order = await Json(await OrderAsync(app, Body(merchant.Key, "WH-GONE", 5m)), HttpStatusCode.Created);
        await WaitDeliveredAsync(app, merchant.Key, order.GetProperty("request_id").GetGuid());
        await WaitAsync(() => !receiver.Requests.IsEmpty, "the receiver was called");
        // The receiver has answered; the worker records the 410 in its own transaction just after.
        JsonElement subscription = default;
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(30);
        do
        {
            var subscriptions = await app.Admin().GetFromJsonAsync<JsonElement>($"/api/admin/reseller/merchants/{merchant.MerchantId}/webhooks", TestContext.Current.CancellationToken);
            subscription = subscriptions.EnumerateArray().Single();
            if (!subscription.GetProperty("active").GetBoolean())
            {
                break;
            }
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        while (TimeProvider.System.GetUtcNow() < deadline);
        Assert.False(subscription.GetProperty("active").GetBoolean());
        Assert.Contains("410", subscription.GetProperty("disabledReason").GetString(), StringComparison.Ordinal);
        // Nothing is retried after a 410: each message reached the receiver at most once (some
        // may have been in flight already), and every delivery ends cancelled.
        await Task.Delay(1000, TestContext.Current.CancellationToken);
        Assert.Equal(receiver.Requests.Count, receiver.Requests.Select(r => r.Headers["webhook-id"]).Distinct().Count());
        var log = await DeliveriesAsync(app, merchant.MerchantId);
        // Events after the 410 are not even stored: the subscription is no longer active.
        Assert.InRange(log.GetArrayLength(), 1, 3);
        Assert.All(log.EnumerateArray(), d => Assert.Equal("cancelled", d.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task The_guard_is_checked_again_on_every_connection_so_a_target_that_turned_private_is_not_called()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "orderly-tests", Guid.NewGuid().ToString("N"));
        await using var receiver = new WebhookReceiver(_ => 200);
        try
        {
            ResellerShop.MerchantKey merchant;
            await using (var permissive = new OrderlyApp(LocalReceiver(), dataDir: dataDir))
            {
                Assert.Equal(HttpStatusCode.Created, (await permissive.CreateProductAsync("WH-GUARD")).StatusCode);
                await permissive.ImportKeysAsync("WH-GUARD", ["G-1"]);
                merchant = await MerchantAsync(permissive, topUpMinor: 10_000);
                await SubscribeAsync(permissive, merchant.MerchantId, receiver.Url, "order.paid");
            }
            // Same subscription, now under the production guard (as if its name had been re-pointed at a private address).
            var production = LocalReceiver();
            production["Reseller:Webhooks:AllowPrivateTargets"] = "false";
            await using var app = new OrderlyApp(production, dataDir: dataDir);
            await Json(await OrderAsync(app, Body(merchant.Key, "WH-GUARD", 5m)), HttpStatusCode.Created);

            await app.WaitUntilAsync(db => db.Set<Orderly.Reseller.Webhooks.WebhookDelivery>().AnyAsync(d => d.Attempts >= 2), "the delivery was attempted twice");
            var delivery = (await DeliveriesAsync(app, merchant.MerchantId)).EnumerateArray().Single();
            Assert.Contains("target guard", delivery.GetProperty("lastError").GetString(), StringComparison.Ordinal);
            Assert.True(receiver.Requests.IsEmpty);
        }
        finally
        {
            OrderlyApp.DeleteDataDir(dataDir);
        }
    }

    [Theory]
    [InlineData("http://93.184.216.34/hook")]
    [InlineData("https://127.0.0.1/hook")]
    [InlineData("https://localhost/hook")]
    [InlineData("https://10.0.0.8/hook")]
    [InlineData("https://192.168.1.20/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://100.64.1.1/hook")]
    [InlineData("https://224.0.0.1/hook")]
    [InlineData("https://[::1]/hook")]
    [InlineData("https://[fd00::1]/hook")]
    [InlineData("https://[fe80::1]/hook")]
    public async Task Webhook_targets_that_are_not_public_https_are_refused_in_production(string url)
    {
        await using var app = new OrderlyApp();
        var merchant = await MerchantAsync(app, topUpMinor: 0);
        var refused = await Json(await app.Admin().PostAsJsonAsync($"/api/admin/reseller/merchants/{merchant.MerchantId}/webhooks",
            new { url, events = new[] { "order.paid" } }, TestContext.Current.CancellationToken), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("reseller.unsafe_webhook_target", refused.GetProperty("code").GetString());
    }

    [Fact]
    public async Task No_more_deliveries_than_the_cap_are_in_flight_to_one_endpoint_at_once()
    {
        await using var receiver = new WebhookReceiver(_ => 200) { Delay = TimeSpan.FromMilliseconds(400) };
        var settings = LocalReceiver();
        settings["Reseller:Webhooks:MaxConcurrencyPerEndpoint"] = "2";
        await using var app = await StartAsync("CAP-KEY", keys: 8, settings);
        var merchant = await MerchantAsync(app, topUpMinor: 10_000);
        await SubscribeAsync(app, merchant.MerchantId, receiver.Url, "order.paid");

        await Task.WhenAll(Enumerable.Range(1, 8).Select(i => OrderAsync(app, Body(merchant.Key, "CAP-KEY", 1m, externalId: $"CAP-ORDER-{i}"))));

        await WaitAsync(() => receiver.Accepted.Count == 8, "all eight order.paid events were accepted");
        // Eight slow deliveries waited for one endpoint: they went two at a time, never more.
        Assert.Equal(2, receiver.MaxInFlight);
    }

    [Fact]
    public async Task Past_the_burst_a_key_gets_429_with_retry_after_while_another_key_is_still_served()
    {
        var settings = new Dictionary<string, string?>
        {
            ["RateLimits:Enabled"] = "true",
            ["RateLimits:ResellerApi:Limit"] = "3",
            ["RateLimits:ResellerApi:Period"] = "01:00:00",
            ["RateLimits:ResellerApi:Burst"] = "2",
        };
        await using var app = await StartAsync("RL-KEY", keys: 5, settings);
        var limited = await MerchantAsync(app, topUpMinor: 10_000);
        var other = await MerchantAsync(app, topUpMinor: 10_000);

        for (var i = 0; i < 2; i++)
        {
            var admitted = await OrderAsync(app, Body(limited.Key, "RL-KEY", 1m));
            Assert.Equal(HttpStatusCode.Created, admitted.StatusCode);
            Assert.Equal("2", admitted.Headers.GetValues("RateLimit-Limit").Single());
        }
        var refused = await OrderAsync(app, Body(limited.Key, "RL-KEY", 1m));
        var problem = await Json(refused, HttpStatusCode.TooManyRequests);
        Assert.Equal("rate_limit.exceeded", problem.GetProperty("code").GetString());
        // The refusal is still a reseller answer: success false and the request id, also in the header.
        Assert.False(problem.GetProperty("success").GetBoolean());
        Assert.Equal(refused.Headers.GetValues("X-Request-Id").Single(), problem.GetProperty("request_id").GetGuid().ToString());
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture) >= 1);
        Assert.Equal("0", refused.Headers.GetValues("RateLimit-Remaining").Single());
        Assert.Equal(HttpStatusCode.Created, (await OrderAsync(app, Body(other.Key, "RL-KEY", 1m))).StatusCode);
        Assert.Equal(9_800, await BalanceAsync(app, limited.MerchantId));
    }
}
