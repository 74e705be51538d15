using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orderly.IntegrationTests.Infrastructure;
using Orderly.Inventory;

namespace Orderly.IntegrationTests.Inventory;

public sealed class ReservationAndAlertTests
{
    [Fact]
    public async Task An_expired_reservation_returns_its_stock_and_cancels_the_unpaid_order_and_a_late_payment_still_fulfills_while_stock_lasts()
    {
        await using var app = new OrderlyApp(new Dictionary<string, string?> { ["Inventory:ReservationTtl"] = "00:00:00.200" });
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync("EXP")).StatusCode);
        await app.ImportKeysAsync("EXP", ["E-1", "E-2"]);
        var (orderId, total) = await app.PlaceOrderAsync($"exp-{Guid.NewGuid():N}@example.com", ("EXP", 2));

        await Task.Delay(300, ct);
        var released = await app.Services.GetRequiredService<ReservationExpiryWorker>().RunOnceAsync(ct);
        Assert.Equal(1, released);
        await app.WaitForOrderStatusAsync(orderId, "cancelled");
        var stock = await app.Admin().GetFromJsonAsync<JsonElement>("/api/admin/products/EXP/stock", ct);
        Assert.Equal((2, 0), (stock.GetProperty("available").GetInt32(), stock.GetProperty("reserved").GetInt32()));

        // The money arrives anyway: the stock is still there, so the order is served.
        Assert.Equal(HttpStatusCode.OK, (await app.PayAsync(StripeEvents.PaymentIntentSucceeded(orderId, total))).StatusCode);
        await app.WaitForOrderStatusAsync(orderId, "completed");
        stock = await app.Admin().GetFromJsonAsync<JsonElement>("/api/admin/products/EXP/stock", ct);
        Assert.Equal((0, 0, 2), (stock.GetProperty("available").GetInt32(), stock.GetProperty("reserved").GetInt32(), stock.GetProperty("allocated").GetInt32()));
    }

    [Fact]
    public async Task A_late_payment_after_the_stock_was_sold_to_someone_else_leaves_the_order_awaiting_stock_with_nothing_taken()
    {
        await using var app = new OrderlyApp(new Dictionary<string, string?> { ["Inventory:ReservationTtl"] = "00:00:00.200" });
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync("LATE")).StatusCode);
        await app.ImportKeysAsync("LATE", ["L-1"]);
        var (slow, total) = await app.PlaceOrderAsync($"slow-{Guid.NewGuid():N}@example.com", ("LATE", 1));
        await Task.Delay(300, ct);
        await app.Services.GetRequiredService<ReservationExpiryWorker>().RunOnceAsync(ct);
        await app.PlaceOrderAsync($"fast-{Guid.NewGuid():N}@example.com", ("LATE", 1));

        await app.PayAsync(StripeEvents.PaymentIntentSucceeded(slow, total));

        await app.WaitForOrderStatusAsync(slow, "awaiting_stock");
        Assert.Equal(0, await app.QueryAsync(db => db.Set<Orderly.Keys.LicenseKey>().CountAsync(k => k.OrderId == slow)));
        var stock = await app.Admin().GetFromJsonAsync<JsonElement>("/api/admin/products/LATE/stock", ct);
        Assert.Equal((0, 1, 0), (stock.GetProperty("available").GetInt32(), stock.GetProperty("reserved").GetInt32(), stock.GetProperty("allocated").GetInt32()));
    }

    [Fact]
    public async Task Low_stock_and_sold_out_alert_admins_once_per_crossing_not_on_every_sale()
    {
        await using var app = new OrderlyApp(new Dictionary<string, string?> { ["Orderly:AdminEmail"] = $"admin-{Guid.NewGuid():N}@example.com" });
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync("LOW", lowStockThreshold: 3)).StatusCode);
        await app.ImportKeysAsync("LOW", Enumerable.Range(1, 6).Select(i => $"LOW-{i}"));

        for (var i = 0; i < 6; i++)
        {
            await app.PlaceOrderAsync($"low-{i}-{Guid.NewGuid():N}@example.com", ("LOW", 1));
        }
        await app.WaitUntilAsync(async db => await db.Set<Orderly.Delivery.Notification>().CountAsync(n => n.CustomerId == null) == 2, "two admin alerts exist");
        var alerts = await app.Admin().GetFromJsonAsync<JsonElement>("/api/admin/notifications", ct);
        var kinds = alerts.EnumerateArray().Select(a => a.GetProperty("kind").GetString()).Order().ToList();
        Assert.Equal(["stock_depleted", "stock_low"], kinds);

        // Restocking above the threshold re-arms the alert; the next crossing alerts again.
        await app.ImportKeysAsync("LOW", Enumerable.Range(10, 5).Select(i => $"LOW-{i}"));
        await app.PlaceOrderAsync($"low-again-{Guid.NewGuid():N}@example.com", ("LOW", 2));
        await app.WaitUntilAsync(async db => await db.Set<Orderly.Delivery.Notification>().CountAsync(n => n.CustomerId == null && n.Kind == "stock_low") == 2, "a second low-stock alert exists");
        await Task.Delay(300, ct);
        Assert.Equal(3, await app.QueryAsync(db => db.Set<Orderly.Delivery.Notification>().CountAsync(n => n.CustomerId == null)));
    }
}
