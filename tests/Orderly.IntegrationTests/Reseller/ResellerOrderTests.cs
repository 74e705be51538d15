using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Orderly.IntegrationTests.Infrastructure;
using Orderly.Messaging;
using static Orderly.IntegrationTests.Reseller.ResellerShop;

namespace Orderly.IntegrationTests.Reseller;

/// <summary>The reseller API end to end: wallet debit, the real order path, delivery by e-mail, idempotency, FX, refusals.</summary>
public sealed class ResellerOrderTests
{
    private static SmtpSink Sink => SmtpSink.FromEnvironment() ?? throw new InvalidOperationException("No SMTP sink configured: run ./test.sh (it starts one).");

    private static Task<int> CountAsync<T>(OrderlyApp app) where T : class => app.QueryAsync(db => db.Set<T>().CountAsync());

    [Fact]
    public async Task An_order_debits_the_wallet_and_the_key_is_delivered_by_email_to_the_client()
    {
        await using var app = await StartAsync("RS-KEY", keys: 3);
        var merchant = await MerchantAsync(app, topUpMinor: 100_000);
        var email = $"client-{Guid.NewGuid():N}@example.com";

        var response = await OrderAsync(app, Body(merchant.Key, "RS-KEY", 12.50m, quantity: 2, email: email, externalId: "ORD-1"));
        var body = await Json(response, HttpStatusCode.Created);

        Assert.True(body.GetProperty("success").GetBoolean());
        Assert.False(body.GetProperty("test_mode").GetBoolean());
        Assert.Equal(25.00m, body.GetProperty("debited_eur").GetDecimal());
        Assert.Equal(975.00m, body.GetProperty("new_wallet_balance_eur").GetDecimal());
        Assert.Equal(12.50m, body.GetProperty("unit_fx").GetProperty("eur_per_unit").GetDecimal());
        Assert.Equal("EUR", body.GetProperty("unit_fx").GetProperty("input").GetProperty("currency").GetString());
        Assert.Equal("pending_external_delivery", body.GetProperty("delivery_status").GetString());
        var requestId = body.GetProperty("request_id").GetGuid();
        Assert.Equal(requestId.ToString(), response.Headers.GetValues("X-Request-Id").Single());

        var orderId = body.GetProperty("order_id").GetGuid();
        await app.WaitForOrderStatusAsync(orderId, "completed");
        var mail = (await Sink.WaitForMessagesAsync(m => SmtpSink.IsAddressedTo(m, email), 1, TimeSpan.FromSeconds(20))).Single();
        var keys = await app.QueryAsync(db => db.Set<Orderly.Keys.LicenseKey>().CountAsync(k => k.OrderId == orderId));
        Assert.Equal(2, keys);
        Assert.Contains("RS-KEY-", mail.HtmlBody ?? "", StringComparison.Ordinal);

        var delivered = await WaitDeliveredAsync(app, merchant.Key, requestId);
        Assert.Equal(25.00m, delivered.GetProperty("debited_eur").GetDecimal());

        var wallet = await WalletAsync(app, merchant.MerchantId);
        Assert.Equal(97_500, wallet.GetProperty("balanceMinor").GetInt64());
        Assert.True(wallet.GetProperty("balanced").GetBoolean());
        Assert.Equal(["debit", "top_up"], wallet.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
        // The ledger reconciles: all postings of all accounts sum to zero, the wallet's to the balance.
        Assert.Equal(0, await app.QueryAsync(db => db.Set<Orderly.Reseller.LedgerPosting>().SumAsync(p => p.AmountMinor)));

        var requests = await app.Admin().GetFromJsonAsync<JsonElement>($"/api/admin/reseller/merchants/{merchant.MerchantId}/requests", TestContext.Current.CancellationToken);
        var logged = requests.EnumerateArray().Single();
        Assert.Equal(requestId, logged.GetProperty("requestId").GetGuid());
        Assert.DoesNotContain(merchant.Key, logged.GetProperty("maskedBody").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(email, logged.GetProperty("maskedBody").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_seed_path_accepts_the_same_body_and_a_bearer_key_works_on_the_main_path()
    {
        await using var app = await StartAsync("RS-ALIAS", keys: 2);
        var merchant = await MerchantAsync(app, topUpMinor: 10_000);

        var alias = await Json(await OrderAsync(app, Body(merchant.Key, "RS-ALIAS", 10m), "/wp-json/custom-api/v1/add-product/"), HttpStatusCode.Created);
        Assert.Equal(10.00m, alias.GetProperty("debited_eur").GetDecimal());
        var bearer = await Json(await OrderWithBearerAsync(app, merchant.Key, Body("", "RS-ALIAS", 10m)), HttpStatusCode.Created);
        Assert.Equal(80.00m, bearer.GetProperty("new_wallet_balance_eur").GetDecimal());

        var refused = await OrderAsync(app, Body("rk_live_AAAAAAAA_not-a-real-key-at-all", "RS-ALIAS", 10m));
        var problem = await Json(refused, HttpStatusCode.Unauthorized);
        Assert.Equal("reseller.invalid_api_key", problem.GetProperty("code").GetString());
        Assert.Equal(problem.GetProperty("request_id").GetGuid().ToString(), refused.Headers.GetValues("X-Request-Id").Single());

        // A revoked key stops working at once.
        var keys = await app.QueryAsync(db => db.Set<Orderly.Reseller.ApiKey>().Select(k => k.Id).ToListAsync());
        Assert.Equal(HttpStatusCode.NoContent, (await app.Admin().DeleteAsync($"/api/admin/reseller/api-keys/{keys.Single()}", TestContext.Current.CancellationToken)).StatusCode);
        await Json(await OrderAsync(app, Body(merchant.Key, "RS-ALIAS", 10m)), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_repeated_external_id_returns_the_first_answer_without_a_second_debit_and_another_payload_is_409()
    {
        await using var app = await StartAsync("RS-IDEM", keys: 5);
        var merchant = await MerchantAsync(app, topUpMinor: 10_000);
        var body = Body(merchant.Key, "RS-IDEM", 20m, externalId: "ORD-2026-00041");

        var firstResponse = await OrderAsync(app, body);
        var first = await Json(firstResponse, HttpStatusCode.Created);
        Assert.False(firstResponse.Headers.Contains("Idempotent-Replayed"));
        var againResponse = await OrderAsync(app, body);
        var again = await Json(againResponse, HttpStatusCode.OK);
        Assert.Equal("true", againResponse.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.NotEqual(first.GetProperty("request_id").GetGuid().ToString(), againResponse.Headers.GetValues("X-Request-Id").Single());
        Assert.Equal(first.GetProperty("request_id").GetGuid(), again.GetProperty("request_id").GetGuid());
        Assert.Equal(first.GetProperty("order_id").GetGuid(), again.GetProperty("order_id").GetGuid());
        Assert.Equal(8_000, await BalanceAsync(app, merchant.MerchantId));

        var changed = new Dictionary<string, object?>(body) { ["quantity"] = 2 };
        var conflict = await Json(await OrderAsync(app, changed), HttpStatusCode.Conflict);
        Assert.Equal("reseller.external_id_conflict", conflict.GetProperty("code").GetString());
        Assert.Equal(8_000, await BalanceAsync(app, merchant.MerchantId));
        Assert.Equal(1, await CountAsync<Orderly.Reseller.ResellerOrder>(app));

        // Another merchant may use the same external id.
        var other = await MerchantAsync(app, topUpMinor: 10_000);
        await Json(await OrderAsync(app, Body(other.Key, "RS-IDEM", 20m, externalId: "ORD-2026-00041")), HttpStatusCode.Created);
    }

    [Fact]
    public async Task Concurrent_orders_never_spend_more_than_the_wallet_holds()
    {
        await using var app = await StartAsync("RS-RACE", keys: 20);
        var merchant = await MerchantAsync(app, topUpMinor: 5_000);

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => OrderAsync(app, Body(merchant.Key, "RS-RACE", 10m))));

        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(7, responses.Count(r => r.StatusCode == HttpStatusCode.PaymentRequired));
        Assert.Equal(0, await BalanceAsync(app, merchant.MerchantId));
        Assert.Equal(5, await CountAsync<Orderly.Orders.Order>(app));
        Assert.True((await WalletAsync(app, merchant.MerchantId)).GetProperty("balanced").GetBoolean());
    }

    [Fact]
    public async Task Concurrent_requests_with_one_external_id_place_one_order_and_debit_once()
    {
        await using var app = await StartAsync("RS-DUP", keys: 10);
        var merchant = await MerchantAsync(app, topUpMinor: 10_000);
        var body = Body(merchant.Key, "RS-DUP", 10m, externalId: "ORD-RACE");

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => OrderAsync(app, body)));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(7, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var requestIds = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("request_id").GetGuid()));
        Assert.Single(requestIds.Distinct());
        Assert.Equal(9_000, await BalanceAsync(app, merchant.MerchantId));
        Assert.Equal(1, await CountAsync<Orderly.Orders.Order>(app));
    }

    [Fact]
    public async Task A_foreign_currency_is_converted_with_the_latest_recorded_rate_and_the_rate_is_snapshotted()
    {
        await using var app = await StartAsync("RS-FX", keys: 5);
        var merchant = await MerchantAsync(app, topUpMinor: 10_000);
        var admin = app.Admin();
        await Json(await admin.PostAsJsonAsync("/api/admin/reseller/fx-rates", new { currency = "USD", eurPerUnit = 0.95m, source = "ECB", asOf = "2026-11-20T16:00:00Z" }, TestContext.Current.CancellationToken), HttpStatusCode.Created);
        await Json(await admin.PostAsJsonAsync("/api/admin/reseller/fx-rates", new { currency = "USD", eurPerUnit = 0.8765m, source = "ECB", asOf = "2026-11-21T16:00:00Z" }, TestContext.Current.CancellationToken), HttpStatusCode.Created);

        var body = await Json(await OrderAsync(app, Body(merchant.Key, "RS-FX", 12.99m, quantity: 3, currency: "USD")), HttpStatusCode.Created);

        // 12.99 USD × 0.8765 = 11.385735 → 11.39 EUR a unit (half away from zero), × 3 = 34.17 EUR.
        var fx = body.GetProperty("unit_fx");
        Assert.Equal(12.99m, fx.GetProperty("input").GetProperty("amount").GetDecimal());
        Assert.Equal("USD", fx.GetProperty("input").GetProperty("currency").GetString());
        Assert.Equal(11.39m, fx.GetProperty("eur_per_unit").GetDecimal());
        Assert.Equal(0.8765m, fx.GetProperty("rate").GetDecimal());
        Assert.Equal("ECB", fx.GetProperty("rate_source").GetString());
        Assert.Equal(34.17m, body.GetProperty("debited_eur").GetDecimal());
        Assert.Equal(10_000 - 3_417, await BalanceAsync(app, merchant.MerchantId));

        var noRate = await Json(await OrderAsync(app, Body(merchant.Key, "RS-FX", 10m, currency: "CAD")), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("reseller.fx_rate_unavailable", noRate.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Insufficient_funds_or_no_stock_is_a_clear_error_and_changes_nothing()
    {
        await using var app = await StartAsync("RS-POOR", keys: 1);
        var merchant = await MerchantAsync(app, topUpMinor: 1_000);

        var poor = await Json(await OrderAsync(app, Body(merchant.Key, "RS-POOR", 20m)), HttpStatusCode.PaymentRequired);
        Assert.Equal("reseller.insufficient_funds", poor.GetProperty("code").GetString());
        Assert.False(poor.GetProperty("success").GetBoolean());

        var noStock = await Json(await OrderAsync(app, Body(merchant.Key, "RS-POOR", 1m, quantity: 2)), HttpStatusCode.Conflict);
        Assert.Equal("inventory.insufficient_stock", noStock.GetProperty("code").GetString());

        Assert.Equal(1_000, await BalanceAsync(app, merchant.MerchantId));
        Assert.Equal(0, await CountAsync<Orderly.Reseller.ResellerOrder>(app));
        Assert.Equal(0, await CountAsync<Orderly.Orders.Order>(app));
        Assert.Equal(1, await app.QueryAsync(db => db.Set<Orderly.Reseller.LedgerTransaction>().CountAsync()));
        var stock = await app.Admin().GetFromJsonAsync<JsonElement>("/api/admin/products/RS-POOR/stock", TestContext.Current.CancellationToken);
        Assert.Equal(1, stock.GetProperty("available").GetInt32());
    }

    [Fact]
    public async Task A_test_key_or_the_DGTEST_product_runs_the_whole_path_without_debiting_the_wallet()
    {
        await using var app = await StartAsync("RS-TEST", keys: 2);
        Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync("DGTEST", keySource: "generator", keyPattern: "TEST-XXXX-XXXX")).StatusCode);
        var live = await MerchantAsync(app, topUpMinor: 5_000);
        var test = await MerchantAsync(app, topUpMinor: 5_000, testKey: true);

        var dgtest = await Json(await OrderAsync(app, new Dictionary<string, object?>
        {
            ["api_key"] = live.Key, ["product"] = "DGTEST", ["quantity"] = 1, ["currency"] = "EUR", ["client_email"] = $"t-{Guid.NewGuid():N}@example.com",
        }), HttpStatusCode.Created);
        Assert.True(dgtest.GetProperty("test_mode").GetBoolean());
        Assert.Equal(0m, dgtest.GetProperty("debited_eur").GetDecimal());

        var withTestKey = await Json(await OrderAsync(app, Body(test.Key, "RS-TEST", 30m)), HttpStatusCode.Created);
        Assert.True(withTestKey.GetProperty("test_mode").GetBoolean());
        Assert.Equal(50.00m, withTestKey.GetProperty("new_wallet_balance_eur").GetDecimal());

        await WaitDeliveredAsync(app, live.Key, dgtest.GetProperty("request_id").GetGuid());
        await WaitDeliveredAsync(app, test.Key, withTestKey.GetProperty("request_id").GetGuid());
        Assert.Equal(5_000, await BalanceAsync(app, live.MerchantId));
        Assert.Equal(5_000, await BalanceAsync(app, test.MerchantId));
    }

    [Fact]
    public async Task A_refunded_reseller_order_credits_the_wallet_back_once()
    {
        await using var app = await StartAsync("RS-REFUND", keys: 2);
        var merchant = await MerchantAsync(app, topUpMinor: 10_000);
        var body = await Json(await OrderAsync(app, Body(merchant.Key, "RS-REFUND", 40m)), HttpStatusCode.Created);
        var orderId = body.GetProperty("order_id").GetGuid();
        Assert.Equal(6_000, await BalanceAsync(app, merchant.MerchantId));

        // No refund workflow publishes OrderRefunded yet: publish it as one would, twice.
        await PublishRefundAsync(app, orderId, 1500);
        await PublishRefundAsync(app, orderId, 1500);

        await app.WaitUntilAsync(async db => await db.Set<Orderly.Reseller.LedgerTransaction>().AnyAsync(t => t.Kind == Orderly.Reseller.LedgerEntryKind.Refund), "the refund is credited");
        await app.WaitUntilAsync(async db => !await db.Set<OutboxMessage>().AnyAsync(m => m.MessageType == "orders.order_refunded" && m.Status == OutboxStatus.Pending), "both refund messages are handled");
        var wallet = await WalletAsync(app, merchant.MerchantId);
        Assert.Equal(10_000, wallet.GetProperty("balanceMinor").GetInt64());
        Assert.Equal(["refund", "debit", "top_up"], wallet.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task A_merchant_with_an_ip_allow_list_is_refused_from_other_addresses()
    {
        await using var app = await StartAsync("RS-IP", keys: 1);
        var merchant = await MerchantAsync(app, topUpMinor: 10_000, allowedIps: "203.0.113.0/24");
        var refused = await Json(await OrderAsync(app, Body(merchant.Key, "RS-IP", 1m)), HttpStatusCode.Forbidden);
        Assert.Equal("reseller.ip_not_allowed", refused.GetProperty("code").GetString());
        Assert.Equal(10_000, await BalanceAsync(app, merchant.MerchantId));
    }
}
