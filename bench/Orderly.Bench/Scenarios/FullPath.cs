using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Orderly.Bench.Infrastructure;
using Orderly.Payments.Stripe;

namespace Orderly.Bench.Scenarios;

/// <summary>
/// full-path: the original end-to-end run on the embedded default (SQLite), closed loop.
///   reference  GET /health/live          (the host's floor: Kestrel + middleware, no work)
///   checkout   POST /api/checkout        (validate, price, reserve, order + outbox)
///   webhook    POST /webhooks/stripe     (verify, store raw event, dedupe, translate: one transaction)
///   delivery   webhook received → delivery e-mail sent, per order, from the database's own timestamps
///   race       200 buyers for 50 units   (exactly 50 must win)
/// It reads the SQLite file for the delivery timings, so it runs on SQLite only; the delivery
/// scenario measures the same path provider-neutrally through an SMTP sink.
/// </summary>
internal static class FullPath
{
    public const string Help = """
        full-path   the original end-to-end run on SQLite: checkout, webhook, delivery under backlog,
                    one order at a time, oversell race   --orders 2000 --clients 16 [--checkout-only true]
        """;

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var orders = args.Int("orders", 2000);
        var concurrency = args.Int("clients", 16);
        var checkoutOnly = args.Text("checkout-only", "false") == "true";
        if (args.Provider != "sqlite")
        {
            throw new ArgumentException("full-path reads the SQLite file; use the delivery, webhooks and hot-sku scenarios on PostgreSQL");
        }
        args.RejectUnknown();
        const string Secret = OrderlyServer.WebhookSecret;

        // With ORDERLY_TEST_SMTP_PORT set (an SMTP sink on 127.0.0.1), e-mail goes through real SMTP.
        var smtp = new Dictionary<string, string>();
        if (Environment.GetEnvironmentVariable("ORDERLY_TEST_SMTP_PORT") is { } smtpPort)
        {
            smtp["Email__Smtp__Host"] = "127.0.0.1";
            smtp["Email__Smtp__Port"] = smtpPort;
            smtp["Email__Smtp__Security"] = "none";
        }
        Console.WriteLine(smtp.Count > 0 ? $"e-mail     SMTP to 127.0.0.1:{smtp["Email__Smtp__Port"]}" : "e-mail     pickup directory (set ORDERLY_TEST_SMTP_PORT to send through an SMTP sink)");
        await using var data = await BenchDatabase.CreateAsync("sqlite", args.Postgres);
        var dataDir = data.DataDir;
        Console.WriteLine($"Orderly bench: {orders} orders, concurrency {concurrency}, {Environment.ProcessorCount} cores, data in {dataDir}");
        await using var server = await OrderlyServer.StartAsync(data, smtp);
        using var http = server.CreateClient(concurrency * 2);

        await Expect(http.PostAsJsonAsync("/api/admin/products", new { sku = "BENCH", name = "Bench key", kind = "digital", delivery = "code", price = new { amount = 1000, currency = "EUR" }, keySource = "pool", lowStockThreshold = 0 }), HttpStatusCode.Created);
        var keys = string.Join('\n', Enumerable.Range(0, orders).Select(i => $"BENCH-{i:D8}-{Guid.NewGuid():N}"));
        var importWatch = Stopwatch.StartNew();
        await Expect(http.PostAsync("/api/admin/products/BENCH/keys", new StringContent(keys, Encoding.UTF8, "text/plain")), HttpStatusCode.OK);
        Console.WriteLine($"import     {orders} keys in {importWatch.Elapsed.TotalMilliseconds:F0} ms ({orders / importWatch.Elapsed.TotalSeconds:F0} keys/s)");

        var reference = await LoadAsync("reference", orders, concurrency, _ => http.GetAsync("/health/live"), HttpStatusCode.OK);
        var orderIds = new Guid[orders];
        var checkout = await LoadAsync("checkout", orders, concurrency, async i =>
        {
            var response = await http.PostAsJsonAsync("/api/checkout", new { email = $"bench-{i}@example.com", items = new[] { new { sku = "BENCH", quantity = 1 } } });
            if (response.StatusCode == HttpStatusCode.Created)
            {
                orderIds[i] = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetGuid();
            }
            return response;
        }, HttpStatusCode.Created);

        if (checkoutOnly)
        {
            return 0;
        }

        var webhookStart = Stopwatch.StartNew();
        var webhook = await LoadAsync("webhook", orders, concurrency, i =>
        {
            var payload = JsonSerializer.Serialize(new
            {
                id = $"evt_bench_{i}",
                @object = "event",
                type = "payment_intent.succeeded",
                api_version = "2024-06-20",
                data = new { @object = new { id = $"pi_bench_{i}", @object = "payment_intent", amount = 1000, amount_received = 1000, currency = "eur", status = "succeeded", metadata = new Dictionary<string, string> { ["order_id"] = orderIds[i].ToString() } } },
            });
            var body = Encoding.UTF8.GetBytes(payload);
            var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new("application/json");
            request.Headers.TryAddWithoutValidation("Stripe-Signature", StripeSignature.Sign(body, Secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
            return http.SendAsync(request);
        }, HttpStatusCode.OK);

        // Delivery: every order's e-mail, timed from the database's own records.
        var database = $"Data Source={Path.Combine(dataDir, "orderly.db")};Mode=ReadOnly;Pooling=False";
        var drain = Stopwatch.StartNew();
        long sent;
        while ((sent = Scalar(database, "SELECT COUNT(*) FROM delivery_sent_emails")) < orders && drain.Elapsed < TimeSpan.FromMinutes(10))
        {
            await Task.Delay(100);
        }
        var allDeliveredAfter = webhookStart.Elapsed;
        var latencies = DeliveryLatencies(database, "bench");
        Console.WriteLine($"delivery   {sent}/{orders} e-mails; last one {allDeliveredAfter.TotalSeconds:F1} s after the first webhook ({sent / allDeliveredAfter.TotalSeconds:F0} orders/s end to end)");
        Report("delivery", latencies, null);

        // Unloaded latency: one order at a time, webhook → e-mail sent, from the database's timestamps.
        await Expect(http.PostAsJsonAsync("/api/admin/products", new { sku = "SOLO", name = "Solo", kind = "digital", delivery = "code", price = new { amount = 700, currency = "EUR" }, keySource = "pool", lowStockThreshold = 0 }), HttpStatusCode.Created);
        await Expect(http.PostAsync("/api/admin/products/SOLO/keys", new StringContent(string.Join('\n', Enumerable.Range(0, 50).Select(i => $"SOLO-{i}-{Guid.NewGuid():N}")), Encoding.UTF8, "text/plain")), HttpStatusCode.OK);
        var soloCheckout = new List<double>();
        for (var i = 0; i < 50; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var placed = await http.PostAsJsonAsync("/api/checkout", new { email = $"solo-{i}@example.com", items = new[] { new { sku = "SOLO", quantity = 1 } } });
            soloCheckout.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            var orderId = (await placed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetGuid();
            var payload = JsonSerializer.Serialize(new
            {
                id = $"evt_solo_{i}",
                @object = "event",
                type = "payment_intent.succeeded",
                api_version = "2024-06-20",
                data = new { @object = new { id = $"pi_solo_{i}", @object = "payment_intent", amount = 700, amount_received = 700, currency = "eur", status = "succeeded", metadata = new Dictionary<string, string> { ["order_id"] = orderId.ToString() } } },
            });
            var body = Encoding.UTF8.GetBytes(payload);
            var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new("application/json");
            request.Headers.TryAddWithoutValidation("Stripe-Signature", StripeSignature.Sign(body, Secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
            await Expect(http.SendAsync(request), HttpStatusCode.OK);
            while (Scalar(database, $"SELECT COUNT(*) FROM delivery_sent_emails WHERE \"OrderId\" = '{orderId.ToString().ToUpperInvariant()}'") == 0)
            {
                await Task.Delay(2);
            }
        }
        var soloOnly = DeliveryLatencies(database, "solo");
        Report("solo-checkout", soloCheckout.Order().ToArray(), null);
        Report("solo-delivery", soloOnly, null);

        // Oversell race: 200 buyers, 50 units.
        await Expect(http.PostAsJsonAsync("/api/admin/products", new { sku = "RACE", name = "Race", kind = "digital", delivery = "code", price = new { amount = 500, currency = "EUR" }, keySource = "pool", lowStockThreshold = 0 }), HttpStatusCode.Created);
        await Expect(http.PostAsync("/api/admin/products/RACE/keys", new StringContent(string.Join('\n', Enumerable.Range(0, 50).Select(i => $"RACE-{i}-{Guid.NewGuid():N}")), Encoding.UTF8, "text/plain")), HttpStatusCode.OK);
        var raceWatch = Stopwatch.StartNew();
        var race = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => http.PostAsJsonAsync("/api/checkout", new { email = $"race-{i}@example.com", items = new[] { new { sku = "RACE", quantity = 1 } } })));
        Console.WriteLine($"race       200 buyers for 50 units: {race.Count(r => r.StatusCode == HttpStatusCode.Created)} sold, {race.Count(r => r.StatusCode == HttpStatusCode.Conflict)} told sold out, {race.Count(r => (int)r.StatusCode >= 500)} errors, in {raceWatch.Elapsed.TotalMilliseconds:F0} ms");

        Console.WriteLine();
        Console.WriteLine("| measure | requests/s | p50 ms | p95 ms | p99 ms |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var result in new[] { reference, checkout, webhook })
        {
            Console.WriteLine($"| {result.Name} | {result.PerSecond:F0} | {result.P(50):F2} | {result.P(95):F2} | {result.P(99):F2} |");
        }
        Console.WriteLine($"| delivery under backlog (webhook → e-mail sent) | {sent / allDeliveredAfter.TotalSeconds:F0} orders/s | {Percentile(latencies, 50):F1} | {Percentile(latencies, 95):F1} | {Percentile(latencies, 99):F1} |");
        Console.WriteLine($"| checkout, one at a time | - | {Percentile(soloCheckout.Order().ToArray(), 50):F2} | {Percentile(soloCheckout.Order().ToArray(), 95):F2} | {Percentile(soloCheckout.Order().ToArray(), 99):F2} |");
        Console.WriteLine($"| delivery, one order at a time (webhook → e-mail sent) | - | {Percentile(soloOnly, 50):F1} | {Percentile(soloOnly, 95):F1} | {Percentile(soloOnly, 99):F1} |");

        return 0;

        static async Task<FullPathResult> LoadAsync(string name, int count, int concurrency, Func<int, Task<HttpResponseMessage>> call, HttpStatusCode expected)
        {
            var durations = new double[count];
            var next = -1;
            var failures = 0;
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < count)
                {
                    var start = Stopwatch.GetTimestamp();
                    using var response = await call(i);
                    durations[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    if (response.StatusCode != expected)
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
            }));
            var result = new FullPathResult(name, durations.Order().ToArray(), count / watch.Elapsed.TotalSeconds, failures);
            Report(name, result.Sorted, result);
            return result;
        }

        static void Report(string name, double[] sorted, FullPathResult? result) =>
            Console.WriteLine($"{name,-10} {(result is null ? "" : $"{result.PerSecond,7:F0} req/s  failures {result.Failures}  ")}p50 {Percentile(sorted, 50):F2} ms  p95 {Percentile(sorted, 95):F2} ms  p99 {Percentile(sorted, 99):F2} ms  max {(sorted.Length == 0 ? 0 : sorted[^1]):F2} ms");

        static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];

        static double[] DeliveryLatencies(string connectionString, string? eventPrefix = null)
        {
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT w."ReceivedAt", e."SentAt" FROM payments_webhook_events w
                JOIN delivery_sent_emails e ON e."OrderId" = w."OrderId" AND e."Kind" = 'delivery'
                """ + (eventPrefix is null ? "" : $" WHERE w.\"EventId\" LIKE 'evt_{eventPrefix}_%'");
            var values = new List<double>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var received = DateTime.Parse(reader.GetString(0), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
                var emailed = DateTime.Parse(reader.GetString(1), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
                values.Add((emailed - received).TotalMilliseconds);
            }
            return values.Order().ToArray();
        }

        static long Scalar(string connectionString, string sql)
        {
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        static async Task Expect(Task<HttpResponseMessage> call, HttpStatusCode status)
        {
            var response = await call;
            if (response.StatusCode != status)
            {
                throw new InvalidOperationException($"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }
    }
}

internal sealed record FullPathResult(string Name, double[] Sorted, double PerSecond, int Failures)
{
    public double P(double p) => Sorted.Length == 0 ? double.NaN : Sorted[Math.Min(Sorted.Length - 1, (int)Math.Ceiling(p / 100 * Sorted.Length) - 1)];
}
