using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Orderly.Payments.Stripe;

namespace Orderly.Bench.Infrastructure;

/// <summary>The HTTP calls the scenarios make: admin setup, checkout, signed Stripe webhooks.</summary>
internal static class Shop
{
    /// <summary>Creates a digital code product with a key pool and returns its id.</summary>
    public static async Task<Guid> CreateProductAsync(HttpClient http, string sku, long price = 1000)
    {
        var response = await http.PostAsJsonAsync("/api/admin/products", new { sku, name = $"Bench {sku}", kind = "digital", delivery = "code", price = new { amount = price, currency = "EUR" }, keySource = "pool", lowStockThreshold = 0 });
        await ExpectAsync(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>Imports <paramref name="count"/> fresh keys through the admin API, in chunks, with progress.</summary>
    public static async Task ImportKeysAsync(HttpClient http, string sku, int count, int chunk = 10_000)
    {
        var watch = Stopwatch.StartNew();
        for (var start = 0; start < count; start += chunk)
        {
            var size = Math.Min(chunk, count - start);
            var keys = string.Join('\n', Enumerable.Range(start, size).Select(i => $"{sku}-{i:D8}-{Guid.NewGuid():N}"));
            await ExpectAsync(await http.PostAsync($"/api/admin/products/{sku}/keys", new StringContent(keys, Encoding.UTF8, "text/plain")), HttpStatusCode.OK);
            Console.WriteLine($"  import   {start + size}/{count} keys, {(start + size) / watch.Elapsed.TotalSeconds:F0} keys/s");
        }
    }

    public static Task<HttpResponseMessage> CheckoutAsync(HttpClient http, string sku, string email) =>
        http.PostAsJsonAsync("/api/checkout", new { email, items = new[] { new { sku, quantity = 1 } } });

    public static async Task<Guid?> OrderIdAsync(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Created ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetGuid() : null;

    /// <summary>A signed <c>payment_intent.succeeded</c> for the order, exactly as Stripe sends it.</summary>
    public static HttpRequestMessage PaymentSucceeded(Guid orderId, string eventId, long amount = 1000)
    {
        var payload = JsonSerializer.Serialize(new
        {
            id = eventId,
            @object = "event",
            type = "payment_intent.succeeded",
            api_version = "2024-06-20",
            data = new { @object = new { id = $"pi_{eventId}", @object = "payment_intent", amount, amount_received = amount, currency = "eur", status = "succeeded", metadata = new Dictionary<string, string> { ["order_id"] = orderId.ToString() } } },
        });
        var body = Encoding.UTF8.GetBytes(payload);
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TryAddWithoutValidation("Stripe-Signature", StripeSignature.Sign(body, OrderlyServer.WebhookSecret, DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        return request;
    }

    /// <summary>
    /// Places <paramref name="count"/> orders for one SKU (closed loop, <paramref name="clients"/> at
    /// once) and returns their ids: the orders the webhook and delivery scenarios pay for.
    /// </summary>
    public static async Task<Guid[]> PlaceOrdersAsync(HttpClient http, string sku, int count, int clients)
    {
        var ids = new Guid[count];
        var result = await Load.ClosedAsync("setup: checkout", clients, TimeSpan.FromMinutes(10), count, async i =>
        {
            using var response = await CheckoutAsync(http, sku, $"buyer-{i}@example.com");
            if (await OrderIdAsync(response) is { } id)
            {
                ids[i] = id;
                return true;
            }
            return false;
        });
        if (result.Failures > 0)
        {
            throw new InvalidOperationException($"{result.Failures} of {count} setup checkouts failed");
        }
        return ids;
    }

    /// <summary>
    /// Waits until the outbox dispatcher has nothing left to do: the server's
    /// <c>orderly_messages_handled</c> counter (at /metrics) stops moving for <paramref name="quiet"/>.
    /// </summary>
    public static async Task WaitForIdleWorkerAsync(HttpClient http, TimeSpan quiet, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        var last = -1.0;
        var stableSince = watch.Elapsed;
        while (watch.Elapsed < limit)
        {
            var handled = await HandledMessagesAsync(http);
            if (handled != last)
            {
                Console.WriteLine($"  worker   {handled:F0} messages handled so far, waiting for it to go idle ({watch.Elapsed.TotalSeconds:F0} s)");
                last = handled;
                stableSince = watch.Elapsed;
            }
            else if (watch.Elapsed - stableSince >= quiet)
            {
                return;
            }
            await Task.Delay(1000);
        }
        Console.WriteLine($"  worker   still busy after {limit.TotalSeconds:F0} s; measuring anyway");
    }

    private static Task<double> HandledMessagesAsync(HttpClient http) => MetricSumAsync(http, "orderly_messages_handled");

    /// <summary>Sum over all label sets of a metric scraped from the server's /metrics.</summary>
    public static async Task<double> MetricSumAsync(HttpClient http, string metric)
    {
        var text = await http.GetStringAsync("/metrics");
        var total = 0.0;
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith(metric, StringComparison.Ordinal))
            {
                continue;
            }
            var rest = line[metric.Length..];
            if (!(rest.StartsWith(' ') || rest.StartsWith('{') || rest.StartsWith("_total", StringComparison.Ordinal)))
            {
                continue; // another metric with a longer name
            }
            var value = line[(line.IndexOf('}') is var brace and >= 0 ? brace + 1 : line.IndexOf(' '))..].Trim().Split(' ')[0];
            total += double.Parse(value, CultureInfo.InvariantCulture);
        }
        return total;
    }

    public static async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        if (response.StatusCode != status)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
