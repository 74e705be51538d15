using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Orderly.IntegrationTests.Infrastructure;

namespace Orderly.IntegrationTests.Inventory;

public sealed class ConcurrentCheckoutTests
{
    [Fact]
    public async Task Two_hundred_parallel_checkouts_for_fifty_keys_sell_exactly_fifty_and_never_assign_a_key_twice()
    {
        await using var app = new OrderlyApp();
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync("HOT", price: 999)).StatusCode);
        await app.ImportKeysAsync("HOT", Enumerable.Range(1, 50).Select(i => $"HOT-{i:D5}"));

        using var start = new SemaphoreSlim(0);
        var attempts = Enumerable.Range(0, 200).Select(async i =>
        {
            await start.WaitAsync(ct);
            return await app.CheckoutAsync($"racer-{i}@example.com", ("HOT", 1));
        }).ToList();
        start.Release(200);
        var responses = await Task.WhenAll(attempts);

        var won = responses.Where(r => r.StatusCode == HttpStatusCode.Created).ToList();
        var lost = responses.Where(r => r.StatusCode == HttpStatusCode.Conflict).ToList();
        Assert.Equal(50, won.Count);
        Assert.Equal(150, lost.Count);
        foreach (var response in lost)
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            Assert.Equal("inventory.insufficient_stock", problem.GetProperty("code").GetString());
        }
        var stock = await app.Admin().GetFromJsonAsync<JsonElement>("/api/admin/products/HOT/stock", ct);
        Assert.Equal(0, stock.GetProperty("available").GetInt32());
        Assert.Equal(50, stock.GetProperty("reserved").GetInt32());

        // Pay every winner; each gets exactly one key and no key goes to two lines.
        var orders = new List<Guid>();
        foreach (var response in won)
        {
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            var orderId = body.GetProperty("orderId").GetGuid();
            orders.Add(orderId);
            Assert.Equal(HttpStatusCode.OK, (await app.PayAsync(StripeEvents.PaymentIntentSucceeded(orderId, 999))).StatusCode);
        }
        foreach (var orderId in orders)
        {
            await app.WaitForOrderStatusAsync(orderId, "completed", TimeSpan.FromSeconds(60));
        }
        var assigned = await app.QueryAsync(db => db.Set<Orderly.Keys.LicenseKey>().Where(k => k.OrderLineId != null).Select(k => new { k.Id, k.OrderLineId }).ToListAsync());
        Assert.Equal(50, assigned.Count);
        Assert.Equal(50, assigned.Select(k => k.OrderLineId).Distinct().Count());
        stock = await app.Admin().GetFromJsonAsync<JsonElement>("/api/admin/products/HOT/stock", ct);
        Assert.Equal((0, 0, 50), (stock.GetProperty("available").GetInt32(), stock.GetProperty("reserved").GetInt32(), stock.GetProperty("allocated").GetInt32()));
    }
}
