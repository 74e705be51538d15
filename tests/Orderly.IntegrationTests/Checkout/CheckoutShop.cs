using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Orderly.IntegrationTests.Infrastructure;

namespace Orderly.IntegrationTests.Checkout;

/// <summary>Products, carts and reads for the checkout and shipping tests.</summary>
internal static class CheckoutShop
{
    public static SmtpSink Sink => SmtpSink.FromEnvironment() ?? throw new InvalidOperationException("No SMTP sink configured: run ./test.sh (it starts one).");

    public static object Address { get; } = new { name = "Ada Buyer", line1 = "Hauptstraße 1", city = "Berlin", postalCode = "10115", country = "de", phone = "+49 30 1234567" };

    public static string NewEmail() => $"buyer-{Guid.NewGuid():N}@example.com";

    public static async Task KeyProductAsync(OrderlyApp app, string sku, int keys, long price = 1500)
    {
        Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync(sku, price: price)).StatusCode);
        await app.ImportKeysAsync(sku, Enumerable.Range(1, keys).Select(i => $"{sku}-{Guid.NewGuid():N}-{i}"));
    }

    public static async Task PhysicalProductAsync(OrderlyApp app, string sku, int stock, long price = 2500)
    {
        var created = await app.Admin().PostAsJsonAsync("/api/admin/products", new { sku, name = $"Boxed {sku}", kind = "physical", price = new { amount = price, currency = "EUR" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var received = await app.Admin().PostAsJsonAsync($"/api/admin/products/{sku}/stock/receive", new { quantity = stock });
        Assert.True(received.IsSuccessStatusCode, await received.Content.ReadAsStringAsync());
    }

    public static Task<HttpResponseMessage> CheckoutAsync(OrderlyApp app, object body, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/checkout") { Content = JsonContent.Create(body) };
        configure?.Invoke(request);
        return app.CreateClient().SendAsync(request);
    }

    public static object[] Items(params (string Sku, int Quantity)[] items) => items.Select(i => (object)new { sku = i.Sku, quantity = i.Quantity }).ToArray();

    public static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>Asserts a problem+json refusal with its code.</summary>
    public static async Task<JsonElement> Refused(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await Json(response, status);
        Assert.Equal(code, problem.GetProperty("code").GetString());
        return problem;
    }

    public static Task<int> OrderCountAsync(OrderlyApp app) => app.QueryAsync(db => db.Set<Orderly.Orders.Order>().CountAsync());

    public static async Task<(int Available, int Reserved, int Allocated)> StockAsync(OrderlyApp app, string sku)
    {
        var stock = await app.Admin().GetFromJsonAsync<JsonElement>($"/api/admin/products/{sku}/stock");
        return (stock.GetProperty("available").GetInt32(), stock.GetProperty("reserved").GetInt32(), stock.GetProperty("allocated").GetInt32());
    }

    /// <summary>The payloads the outbox holds for one message type (one row per handler; distinct).</summary>
    public static Task<List<string>> OutboxAsync(OrderlyApp app, string wireName) =>
        app.QueryAsync(db => db.Set<Orderly.Messaging.OutboxMessage>().Where(m => m.MessageType == wireName).Select(m => m.Payload).Distinct().ToListAsync());

    public static Task<List<Orderly.Audit.AuditEntry>> AuditAsync(OrderlyApp app, Guid orderId) =>
        app.QueryAsync(db => db.Set<Orderly.Audit.AuditEntry>().Where(e => e.OrderId == orderId).OrderBy(e => e.Id).ToListAsync());

    /// <summary>Waits until <paramref name="handler"/> has processed <paramref name="count"/> messages (its inbox entries; both transports write them).</summary>
    public static Task HandledAsync(OrderlyApp app, string handler, int count) =>
        app.WaitUntilAsync(async db => await db.Set<Orderly.Messaging.InboxEntry>().CountAsync(e => e.Handler == handler) >= count, $"{handler} handled {count} message(s)");
}
