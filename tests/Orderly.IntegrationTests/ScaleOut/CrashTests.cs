using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Orderly.IntegrationTests.Infrastructure;
using Orderly.Payments.Stripe;

namespace Orderly.IntegrationTests.ScaleOut;

/// <summary>
/// Three real Orderly processes on one database; a harness kills them with SIGKILL at random while
/// 1,000 paid orders flow. The load generator records every 2xx it got; the checker compares that
/// record with the database and the SMTP sink.
/// </summary>
public sealed class CrashTests
{
    private const int Orders = 1000;
    private static readonly TimeSpan RetryFor = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Killing_instances_at_random_loses_no_acknowledged_payment_and_fulfills_nothing_twice()
    {
        var ct = TestContext.Current.CancellationToken;
        var output = TestContext.Current.TestOutputHelper!;
        var sink = SmtpSink.FromEnvironment() ?? throw new InvalidOperationException("No SMTP sink configured: run ./test.sh.");
        var dataDir = Path.Combine(Path.GetTempPath(), "orderly-tests", Guid.NewGuid().ToString("N"));
        var run = Guid.NewGuid().ToString("N")[..8];
        var processes = new List<OrderlyProcess>();
        try
        {
            var observerSettings = new Dictionary<string, string?> { ["Orderly:Roles"] = "web" };
            await using var observer = new OrderlyApp(observerSettings, dataDir: dataDir);
            Assert.Equal(HttpStatusCode.Created, (await observer.CreateProductAsync("CRASH", lowStockThreshold: 0)).StatusCode);
            await observer.ImportKeysAsync("CRASH", Enumerable.Range(1, Orders * 2).Select(i => $"CRASH-{run}-{i:D5}"));

            var settings = new Dictionary<string, string?>
            {
                ["Orderly:DataDir"] = dataDir,
                ["Orderly:AdminApiKey"] = OrderlyApp.AdminKey,
                ["Orderly:SeedDemoData"] = "false",
                ["Orderly:SigningKey"] = "orderly-test-signing-key",
                ["Orderly:PublicBaseUrl"] = "http://orderly.test",
                ["Payments:Stripe:WebhookSecret"] = OrderlyApp.WebhookSecret,
                ["Email:Smtp:Host"] = sink.Host,
                ["Email:Smtp:Port"] = sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Email:Smtp:Security"] = "none",
                ["Messaging:ReleaseLeasesOnStart"] = "false",
                ["Messaging:LeaseDuration"] = "00:00:05",
                ["Messaging:PollInterval"] = "00:00:00.100",
                ["Messaging:BackoffBase"] = "00:00:00.100",
                ["Messaging:BackoffCap"] = "00:00:02",
            };
            foreach (var (key, value) in OrderlyApp.ServerSettings(dataDir))
            {
                settings[key] = value;
            }
            for (var i = 0; i < 3; i++)
            {
                var process = new OrderlyProcess(settings);
                processes.Add(process);
                process.Start();
            }
            foreach (var process in processes)
            {
                await process.WaitReadyAsync(TimeSpan.FromSeconds(60));
            }

            // Orders whose checkout committed but whose answer died with the instance stay reserved
            // (until their reservation expires); the pool has room for them.
            // Chaos: SIGKILL a random instance and start it again, 12 times while the load flows.
            var kills = 0;
            var loadDone = false;
            var chaos = Task.Run(async () =>
            {
                while (kills < 12 && !(loadDone && kills >= 10))
                {
                    await Task.Delay(Random.Shared.Next(400, 1200), CancellationToken.None);
                    var victim = processes[Random.Shared.Next(processes.Count)];
                    victim.KillHard();
                    kills++;
                    await Task.Delay(Random.Shared.Next(200, 800), CancellationToken.None);
                    victim.Start();
                }
            }, CancellationToken.None);

            // Load: every order is placed and paid, retrying on another instance when one dies,
            // as a shop front and Stripe would. Only 2xx answers are recorded.
            var clients = processes.Select(p => new HttpClient { BaseAddress = p.BaseAddress, Timeout = TimeSpan.FromSeconds(10) }).ToArray();
            var acknowledged = new ConcurrentDictionary<Guid, string>();
            var placed = 0;
            await Parallel.ForEachAsync(Enumerable.Range(0, Orders), new ParallelOptions { MaxDegreeOfParallelism = 12, CancellationToken = ct }, async (i, token) =>
            {
                var email = $"crash-{run}-{i}@example.com";
                Guid? orderId = null;
                var last = "no answer";
                // Retry for up to two minutes, not a fixed number of times: on a loaded machine all
                // three instances can be restarting at once for a while.
                var trying = Stopwatch.StartNew();
                while (orderId is null && trying.Elapsed < RetryFor)
                {
                    try
                    {
                        using var response = await clients[Random.Shared.Next(clients.Length)].PostAsJsonAsync("/api/checkout", new { email, items = new[] { new { sku = "CRASH", quantity = 1 } } }, token);
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            orderId = (await response.Content.ReadFromJsonAsync<JsonElement>(token)).GetProperty("orderId").GetGuid();
                        }
                        last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(token)}";
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
                    {
                        // That instance died under us: try another.
                        last = $"no answer ({ex.GetType().Name})";
                    }
                    if (orderId is null)
                    {
                        await Task.Delay(50, token);
                    }
                }
                Assert.True(orderId is not null, $"order {i} could not be placed: {last}");
                Interlocked.Increment(ref placed);
                var payload = StripeEvents.PaymentIntentSucceeded(orderId.Value, 1500);
                var body = Encoding.UTF8.GetBytes(payload);
                for (var paying = Stopwatch.StartNew(); paying.Elapsed < RetryFor;)
                {
                    try
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = new ByteArrayContent(body) };
                        request.Content.Headers.ContentType = new("application/json");
                        request.Headers.TryAddWithoutValidation("Stripe-Signature", StripeSignature.Sign(body, OrderlyApp.WebhookSecret, TimeProvider.System.GetUtcNow().ToUnixTimeSeconds()));
                        using var response = await clients[Random.Shared.Next(clients.Length)].SendAsync(request, token);
                        if (response.IsSuccessStatusCode)
                        {
                            acknowledged[orderId.Value] = email;
                            return;
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
                    {
                        // Not acknowledged: Stripe would send it again, so do we.
                    }
                    await Task.Delay(50, token);
                }
            });
            loadDone = true;
            await chaos;
            foreach (var process in processes)
            {
                await process.WaitReadyAsync(TimeSpan.FromSeconds(60));
            }
            var lastRestart = TimeProvider.System.GetTimestamp();
            output.WriteLine($"{kills} kills, {placed} orders placed, {acknowledged.Count} payments acknowledged");

            // Every acknowledged payment is delivered, within 30 s after the last restart.
            await observer.WaitUntilAsync(async db => await db.Set<Orderly.Delivery.SentEmail>().CountAsync(e => e.Kind == "delivery") >= acknowledged.Count,
                "every acknowledged order has its delivery e-mail", TimeSpan.FromSeconds(90));
            var deliveredAfter = TimeProvider.System.GetElapsedTime(lastRestart);
            output.WriteLine($"all delivered {deliveredAfter.TotalSeconds:F1} s after the last restart");
            // The library is filled by its own handler, which finishes independently of the e-mail
            // (with the RabbitMQ transport, on whichever instance took it): wait for it too.
            await observer.WaitUntilAsync(async db => await db.Set<Orderly.Library.LibraryEntry>().Select(e => e.OrderId).Distinct().CountAsync() >= acknowledged.Count,
                "every acknowledged order is in a library", TimeSpan.FromSeconds(60));

            Assert.True(kills >= 10, $"{kills} kills");
            Assert.Equal(Orders, acknowledged.Count);
            var ids = acknowledged.Keys.ToList();
            var sentPerOrder = await observer.QueryAsync(db => db.Set<Orderly.Delivery.SentEmail>().Where(e => e.Kind == "delivery").GroupBy(e => e.OrderId).Select(g => g.Count()).ToListAsync());
            Assert.Equal(Orders, sentPerOrder.Count);
            Assert.All(sentPerOrder, n => Assert.Equal(1, n));
            var keys = await observer.QueryAsync(db => db.Set<Orderly.Keys.LicenseKey>().Where(k => k.OrderId != null).Select(k => new { k.OrderId, k.OrderLineId }).ToListAsync());
            Assert.Equal(Orders, keys.Count);
            Assert.Equal(Orders, keys.Select(k => k.OrderLineId).Distinct().Count());
            Assert.True(keys.All(k => acknowledged.ContainsKey(k.OrderId!.Value)));
            var fulfilled = await observer.QueryAsync(db => db.Set<Orderly.Library.LibraryEntry>().GroupBy(e => e.OrderId).Select(g => g.Count()).ToListAsync());
            Assert.Equal(Orders, fulfilled.Count);
            Assert.All(fulfilled, n => Assert.Equal(1, n));

            // The SMTP server got every order's e-mail (a crash between SMTP accept and commit may repeat one).
            var mails = await sink.WaitForMessagesAsync(m => m.To.Mailboxes.Any(a => a.Address.StartsWith($"crash-{run}-", StringComparison.Ordinal)), Orders, TimeSpan.FromSeconds(60));
            var addresses = mails.Select(m => m.To.Mailboxes.Single().Address).ToList();
            Assert.Equal(Orders, addresses.Distinct().Count());
            output.WriteLine($"{addresses.Count - Orders} repeated e-mails after crashes");
            Assert.True(deliveredAfter < TimeSpan.FromSeconds(30), $"delivered {deliveredAfter.TotalSeconds:F1} s after the last restart");
        }
        finally
        {
            foreach (var process in processes)
            {
                process.Dispose();
            }
            OrderlyApp.DeleteDataDir(dataDir);
        }
    }
}
