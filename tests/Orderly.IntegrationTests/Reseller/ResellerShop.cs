using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orderly.IntegrationTests.Infrastructure;
using Orderly.Messaging;
using Orderly.Orders.Contracts;
using Orderly.Persistence;

namespace Orderly.IntegrationTests.Reseller;

/// <summary>A shop with one keyed product and a merchant with a topped-up wallet, for the reseller API tests.</summary>
internal static class ResellerShop
{
    public sealed record MerchantKey(Guid MerchantId, string Key);

    public static async Task<OrderlyApp> StartAsync(string sku, int keys, IDictionary<string, string?>? settings = null, long price = 1500)
    {
        var app = new OrderlyApp(settings);
        Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync(sku, price: price)).StatusCode);
        if (keys > 0)
        {
            await app.ImportKeysAsync(sku, Enumerable.Range(1, keys).Select(i => $"{sku}-{Guid.NewGuid():N}-{i}"));
        }
        return app;
    }

    /// <param name="discountPercent">The merchant's wholesale discount: 100 (no price floor) unless a test is about the floor, so prices below the catalog's stay simple.</param>
    public static async Task<MerchantKey> MerchantAsync(OrderlyApp app, long topUpMinor, bool testKey = false, string? allowedIps = null, decimal discountPercent = 100)
    {
        var admin = app.Admin();
        var merchant = await Json(await admin.PostAsJsonAsync("/api/admin/reseller/merchants", new { name = "Reseller GmbH", allowedIps, wholesaleDiscountPercent = discountPercent }), HttpStatusCode.Created);
        var merchantId = merchant.GetProperty("id").GetGuid();
        var key = await Json(await admin.PostAsJsonAsync($"/api/admin/reseller/merchants/{merchantId}/api-keys", new { testMode = testKey }), HttpStatusCode.Created);
        if (topUpMinor > 0)
        {
            await Json(await admin.PostAsJsonAsync($"/api/admin/reseller/merchants/{merchantId}/wallet/entries", new { kind = "top_up", amountMinor = topUpMinor, memo = "bank transfer" }), HttpStatusCode.Created);
        }
        return new MerchantKey(merchantId, key.GetProperty("key").GetString()!);
    }

    public static Dictionary<string, object?> Body(string key, string sku, decimal balance, int quantity = 1, string currency = "EUR", string? email = null, string? externalId = null) => new()
    {
        ["api_key"] = key,
        ["product"] = sku,
        ["balance"] = balance,
        ["quantity"] = quantity,
        ["currency"] = currency,
        ["client_email"] = email ?? $"buyer-{Guid.NewGuid():N}@example.com",
        ["external_id"] = externalId,
    };

    public static Task<HttpResponseMessage> OrderAsync(OrderlyApp app, object body, string path = "/api/reseller/v1/orders") =>
        app.CreateClient().PostAsJsonAsync(path, body);

    /// <summary>The same order with the key as a bearer token and not in the body.</summary>
    public static Task<HttpResponseMessage> OrderWithBearerAsync(OrderlyApp app, string key, Dictionary<string, object?> body)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var withoutKey = new Dictionary<string, object?>(body);
        withoutKey.Remove("api_key");
        return client.PostAsJsonAsync("/api/reseller/v1/orders", withoutKey);
    }

    public static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    public static async Task<JsonElement> WalletAsync(OrderlyApp app, Guid merchantId) =>
        await app.Admin().GetFromJsonAsync<JsonElement>($"/api/admin/reseller/merchants/{merchantId}/wallet");

    public static async Task<long> BalanceAsync(OrderlyApp app, Guid merchantId) => (await WalletAsync(app, merchantId)).GetProperty("balanceMinor").GetInt64();

    /// <summary>Publishes OrderRefunded as the refund workflow will (none publishes it yet).</summary>
    public static async Task PublishRefundAsync(OrderlyApp app, Guid orderId, long amount)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<IOutbox>().Enqueue(new OrderRefunded(orderId, amount, "EUR", "customer request", TimeProvider.System.GetUtcNow().UtcDateTime));
        await scope.ServiceProvider.GetRequiredService<OrderlyDbContext>().SaveChangesAsync();
    }

    /// <summary>Polls the reseller order until its delivery_status is delivered.</summary>
    public static async Task<JsonElement> WaitDeliveredAsync(OrderlyApp app, string key, Guid requestId)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(30);
        JsonElement order;
        do
        {
            order = await Json(await client.GetAsync($"/api/reseller/v1/orders/{requestId}"), HttpStatusCode.OK);
            if (order.GetProperty("delivery_status").GetString() == "delivered")
            {
                return order;
            }
            await Task.Delay(100);
        }
        while (TimeProvider.System.GetUtcNow() < deadline);
        throw new TimeoutException($"Reseller order {requestId} was not delivered: {order}");
    }
}
