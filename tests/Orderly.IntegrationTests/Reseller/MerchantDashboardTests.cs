using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orderly.Accounts.Contracts;
using Orderly.IntegrationTests.Infrastructure;
using Orderly.Reseller;
using Orderly.Reseller.Webhooks;
using static Orderly.IntegrationTests.Reseller.ResellerShop;

namespace Orderly.IntegrationTests.Reseller;

/// <summary>The merchant dashboard's handlers: each merchant sees only its own data; refused requests are logged without keys; the price floor.</summary>
public sealed class MerchantDashboardTests
{
    private static async Task<T> WithAsync<T>(OrderlyApp app, Func<IServiceProvider, Task<T>> use)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider);
    }

    [Fact]
    public async Task A_merchant_cannot_see_or_touch_another_merchants_requests_wallet_keys_or_webhooks_even_by_id()
    {
        await using var receiver = new WebhookReceiver(_ => 200);
        await using var app = await StartAsync("MD-ISO", keys: 4, new Dictionary<string, string?>
        {
            ["Reseller:Webhooks:RequireHttps"] = "false",
            ["Reseller:Webhooks:AllowPrivateTargets"] = "true",
            ["Reseller:Webhooks:PollInterval"] = "00:00:00.100",
        });
        var a = await MerchantAsync(app, topUpMinor: 10_000);
        var b = await MerchantAsync(app, topUpMinor: 20_000);
        var subscription = await Json(await app.Admin().PostAsJsonAsync($"/api/admin/reseller/merchants/{b.MerchantId}/webhooks",
            new { url = receiver.Url, events = new[] { "order.paid" } }, TestContext.Current.CancellationToken), HttpStatusCode.Created);
        var orderA = await Json(await OrderAsync(app, Body(a.Key, "MD-ISO", 5m, externalId: "A-1")), HttpStatusCode.Created);
        var orderB = await Json(await OrderAsync(app, Body(b.Key, "MD-ISO", 5m, externalId: "B-1")), HttpStatusCode.Created);
        await app.WaitUntilAsync(db => db.Set<WebhookDelivery>().AnyAsync(d => d.MerchantId == b.MerchantId), "merchant B has a delivery");
        var bKey = await app.QueryAsync(db => db.Set<ApiKey>().Where(k => k.MerchantId == b.MerchantId).Select(k => k.Id).SingleAsync());
        var bDelivery = await app.QueryAsync(db => db.Set<WebhookDelivery>().Where(d => d.MerchantId == b.MerchantId).Select(d => d.Id).FirstAsync());
        var bSubscription = subscription.GetProperty("id").GetGuid();
        var actor = "merchant-a@test";

        var requests = await WithAsync(app, sp => sp.GetRequiredService<ListRequests.Handler>().HandleAsync(a.MerchantId, new RequestFilter(), TestContext.Current.CancellationToken));
        var mine = Assert.Single(requests.Items);
        Assert.Equal(orderA.GetProperty("request_id").GetGuid(), mine.RequestId);
        Assert.Equal(orderA.GetProperty("order_id").GetGuid(), mine.OrderId);
        Assert.Equal("A-1", mine.ExternalId);
        // Filtering by another merchant's external id finds nothing.
        Assert.Empty((await WithAsync(app, sp => sp.GetRequiredService<ListRequests.Handler>().HandleAsync(a.MerchantId, new RequestFilter(ExternalId: "B-1"), TestContext.Current.CancellationToken))).Items);

        var wallet = await WithAsync(app, sp => sp.GetRequiredService<ShowWallet.Handler>().HandleAsync(a.MerchantId, null, TestContext.Current.CancellationToken));
        Assert.Equal(9_500, wallet!.BalanceMinor);
        Assert.Equal([9_500L, 10_000L], wallet.Entries.Select(e => e.BalanceAfterMinor));
        Assert.Single(await WithAsync(app, sp => sp.GetRequiredService<ListApiKeys.Handler>().HandleAsync(a.MerchantId, TestContext.Current.CancellationToken)));
        Assert.Empty(await WithAsync(app, sp => sp.GetRequiredService<ListWebhooks.Handler>().SubscriptionsAsync(a.MerchantId, TestContext.Current.CancellationToken)));
        Assert.Empty(await WithAsync(app, sp => sp.GetRequiredService<ListWebhooks.Handler>().DeliveriesAsync(a.MerchantId, TestContext.Current.CancellationToken)));

        // Guessing B's ids changes nothing of B's.
        Assert.False(await WithAsync(app, sp => sp.GetRequiredService<RevokeApiKey.Handler>().HandleAsync(bKey, a.MerchantId, actor, TestContext.Current.CancellationToken)));
        Assert.IsType<ReplayWebhookDelivery.Outcome.NotFound>(await WithAsync(app, sp => sp.GetRequiredService<ReplayWebhookDelivery.Handler>().HandleAsync(bDelivery, a.MerchantId, actor, TestContext.Current.CancellationToken)));
        Assert.False(await WithAsync(app, sp => sp.GetRequiredService<DisableWebhookSubscription.Handler>().HandleAsync(bSubscription, a.MerchantId, actor, TestContext.Current.CancellationToken)));
        Assert.Null(await app.QueryAsync(db => db.Set<ApiKey>().Where(k => k.Id == bKey).Select(k => k.RevokedAt).SingleAsync()));
        Assert.True(await app.QueryAsync(db => db.Set<WebhookSubscription>().Where(s => s.Id == bSubscription).Select(s => s.Active).SingleAsync()));
        Assert.Equal(HttpStatusCode.Created, (await OrderAsync(app, Body(b.Key, "MD-ISO", 5m))).StatusCode);
        Assert.NotEqual(Guid.Empty, orderB.GetProperty("order_id").GetGuid());

        // A merchant user carries their merchant in a claim; another merchant's user e-mail cannot be taken over.
        var users = await WithAsync(app, async sp =>
        {
            var merchantUsers = sp.GetRequiredService<IMerchantUsers>();
            var added = await merchantUsers.AddAsync("ops@reseller-a.test", "a long passphrase", a.MerchantId, "admin@test", TestContext.Current.CancellationToken);
            var stolen = await merchantUsers.AddAsync("ops@reseller-a.test", "another passphrase", b.MerchantId, "admin@test", TestContext.Current.CancellationToken);
            return (added, stolen, listed: await merchantUsers.ListAsync(a.MerchantId, TestContext.Current.CancellationToken), others: await merchantUsers.ListAsync(b.MerchantId, TestContext.Current.CancellationToken));
        });
        Assert.IsType<MerchantUserOutcome.Added>(users.added);
        Assert.IsType<MerchantUserOutcome.Refused>(users.stolen);
        Assert.Equal("ops@reseller-a.test", Assert.Single(users.listed).Email);
        Assert.Empty(users.others);
    }

    [Fact]
    public async Task Requests_refused_with_401_or_429_are_logged_with_the_key_prefix_only_and_bounded_per_address()
    {
        var settings = new Dictionary<string, string?>
        {
            ["RateLimits:Enabled"] = "true",
            ["RateLimits:ResellerApi:Limit"] = "1",
            ["RateLimits:ResellerApi:Period"] = "01:00:00",
            ["RateLimits:ResellerApi:Burst"] = "1",
            ["Reseller:RefusedRequestsLoggedPerMinute"] = "3",
        };
        await using var app = await StartAsync("MD-401", keys: 2, settings);
        var merchant = await MerchantAsync(app, topUpMinor: 10_000);
        var prefix = merchant.Key[..16];
        var wrongSecret = prefix + "_" + new string('x', 43);

        var badKey = await OrderAsync(app, Body(wrongSecret, "MD-401", 5m, email: "someone@example.com", externalId: "X-1"));
        Assert.Equal(HttpStatusCode.Unauthorized, badKey.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await OrderAsync(app, Body(merchant.Key, "MD-401", 5m))).StatusCode);
        var limited = await OrderAsync(app, Body(merchant.Key, "MD-401", 5m, externalId: "X-2"));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        // Junk keys from one address: answered 401 each time, logged only up to the budget (3 a minute; one used above, one by the 429).
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await OrderAsync(app, Body($"rk_live_junk{i:D4}_{new string('y', 43)}", "MD-401", 5m))).StatusCode);
        }

        var rows = await app.QueryAsync(db => db.Set<RequestLogEntry>().AsNoTracking().OrderBy(r => r.At).ThenBy(r => r.Id).ToListAsync());
        var refused = rows.Where(r => r.Status is 401 or 429).ToList();
        // At most the budget's 3 (4 if a minute turned during the test), never all five junk attempts.
        Assert.InRange(refused.Count(r => r.MerchantId is null), 1, 4);
        var unauthorized = refused.First(r => r.Status == 401 && r.KeyPrefix == prefix);
        Assert.Equal(badKey.Headers.GetValues("X-Request-Id").Single(), unauthorized.Id.ToString());
        Assert.Equal("invalid_api_key", unauthorized.Outcome);
        Assert.Equal(merchant.MerchantId, unauthorized.MerchantId);
        Assert.Equal("X-1", unauthorized.ExternalId);
        Assert.False(string.IsNullOrEmpty(unauthorized.ClientIp));
        Assert.DoesNotContain("someone@", unauthorized.MaskedBody, StringComparison.Ordinal);
        var tooMany = refused.Single(r => r.Status == 429);
        Assert.Equal(limited.Headers.GetValues("X-Request-Id").Single(), tooMany.Id.ToString());
        Assert.Equal((prefix, merchant.MerchantId, "X-2"), (tooMany.KeyPrefix, tooMany.MerchantId, tooMany.ExternalId));
        foreach (var row in rows)
        {
            Assert.DoesNotContain(merchant.Key, row.MaskedBody, StringComparison.Ordinal);
            Assert.DoesNotContain(wrongSecret, row.MaskedBody, StringComparison.Ordinal);
            Assert.True(row.KeyPrefix is null || row.KeyPrefix.Length == 16, row.KeyPrefix);
        }

        // The dashboard's requests filter finds the refusals; the key's "last used" counts only accepted requests.
        var failed = await WithAsync(app, sp => sp.GetRequiredService<ListRequests.Handler>().HandleAsync(merchant.MerchantId, new RequestFilter(Status: "failed"), TestContext.Current.CancellationToken));
        Assert.Equal([429, 401], failed.Items.Select(r => r.Status));
        var key = Assert.Single(await WithAsync(app, sp => sp.GetRequiredService<ListApiKeys.Handler>().HandleAsync(merchant.MerchantId, TestContext.Current.CancellationToken)));
        Assert.NotNull(key.LastUsedAt);
    }

    [Fact]
    public async Task An_order_below_the_merchants_price_floor_is_refused_with_422_and_debits_nothing_also_in_test_mode()
    {
        // Catalog price 20.00 EUR; the merchant's discount is 25 %: the floor is 15.00 EUR a unit.
        await using var app = await StartAsync("MD-FLOOR", keys: 3, price: 2000);
        var merchant = await MerchantAsync(app, topUpMinor: 10_000, discountPercent: 25);
        var test = await MerchantAsync(app, topUpMinor: 0, testKey: true, discountPercent: 25);
        await Json(await app.Admin().PostAsJsonAsync("/api/admin/reseller/fx-rates", new { currency = "USD", eurPerUnit = 0.9m, source = "ECB" }, TestContext.Current.CancellationToken), HttpStatusCode.Created);

        var below = await Json(await OrderAsync(app, Body(merchant.Key, "MD-FLOOR", 14.99m, quantity: 2)), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("reseller.price_below_floor", below.GetProperty("code").GetString());
        Assert.Equal(15.00m, below.GetProperty("floor_eur").GetDecimal());
        Assert.False(below.GetProperty("success").GetBoolean());
        // 16.66 USD × 0.9 = 14.99 EUR: converted with the snapshotted rate, still below.
        await Json(await OrderAsync(app, Body(merchant.Key, "MD-FLOOR", 16.66m, currency: "USD")), HttpStatusCode.UnprocessableEntity);
        await Json(await OrderAsync(app, Body(test.Key, "MD-FLOOR", 1m)), HttpStatusCode.UnprocessableEntity);

        Assert.Equal(10_000, await BalanceAsync(app, merchant.MerchantId));
        Assert.Equal(0, await app.QueryAsync(db => db.Set<ResellerOrder>().CountAsync()));
        Assert.Equal(0, await app.QueryAsync(db => db.Set<Orderly.Orders.Order>().CountAsync()));
        var logged = await app.QueryAsync(db => db.Set<RequestLogEntry>().Where(r => r.MerchantId == merchant.MerchantId).Select(r => r.Status).ToListAsync());
        Assert.Equal([422, 422], logged);

        // At the floor it goes through; staff can lower the floor for the next order.
        var placed = await Json(await OrderAsync(app, Body(merchant.Key, "MD-FLOOR", 15m)), HttpStatusCode.Created);
        Assert.Equal(15.00m, placed.GetProperty("debited_eur").GetDecimal());
        await Json(await app.Admin().PutAsJsonAsync($"/api/admin/reseller/merchants/{merchant.MerchantId}/pricing", new { wholesaleDiscountPercent = 50 }, TestContext.Current.CancellationToken), HttpStatusCode.OK);
        await Json(await OrderAsync(app, Body(merchant.Key, "MD-FLOOR", 10m)), HttpStatusCode.Created);
        await Json(await app.Admin().PutAsJsonAsync($"/api/admin/reseller/merchants/{merchant.MerchantId}/pricing", new { wholesaleDiscountPercent = 101 }, TestContext.Current.CancellationToken), HttpStatusCode.BadRequest);
        var listed = await app.Admin().GetFromJsonAsync<JsonElement>("/api/admin/reseller/merchants", TestContext.Current.CancellationToken);
        Assert.Equal(50m, listed.EnumerateArray().Single(m => m.GetProperty("id").GetGuid() == merchant.MerchantId).GetProperty("wholesaleDiscountPercent").GetDecimal());
    }

    [Fact]
    public async Task The_users_command_adds_a_merchant_user_for_an_existing_merchant_only()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "orderly-tests", Guid.NewGuid().ToString("N"));
        try
        {
            Guid merchantId;
            await using (var app = new OrderlyApp(dataDir: dataDir))
            {
                merchantId = (await MerchantAsync(app, topUpMinor: 0)).MerchantId;
            }

            var (added, output) = await OrderlyCliRunner.RunWithInputAsync(dataDir, "a long merchant passphrase", "users", "add", "cli@reseller.test", "--role", "merchant", "--merchant", merchantId.ToString());
            Assert.True(added == 0, output);
            Assert.Contains("/merchant", output, StringComparison.Ordinal);
            var (unknown, _) = await OrderlyCliRunner.RunWithInputAsync(dataDir, "a long merchant passphrase", "users", "add", "other@reseller.test", "--role", "merchant", "--merchant", Guid.NewGuid().ToString());
            Assert.Equal(2, unknown);
            var (missing, _) = await OrderlyCliRunner.RunWithInputAsync(dataDir, "a long merchant passphrase", "users", "add", "other@reseller.test", "--role", "merchant");
            Assert.Equal(2, missing);

            await using var reopened = new OrderlyApp(dataDir: dataDir);
            var users = await WithAsync(reopened, sp => sp.GetRequiredService<IMerchantUsers>().ListAsync(merchantId, TestContext.Current.CancellationToken));
            Assert.Equal("cli@reseller.test", Assert.Single(users).Email);
        }
        finally
        {
            OrderlyApp.DeleteDataDir(dataDir);
        }
    }
}
