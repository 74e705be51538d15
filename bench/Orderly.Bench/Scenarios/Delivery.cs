using System.Diagnostics;
using System.Net;
using Orderly.Bench.Infrastructure;

namespace Orderly.Bench.Scenarios;

/// <summary>
/// delivery: paid orders at a fixed rate (open loop), each timed from its webhook's intended send
/// time to the moment the bench's SMTP sink accepts its delivery e-mail (Message-ID
/// <c>{orderId:N}.delivery@orderly</c>). Provider-neutral: nothing reads the database.
/// </summary>
internal static class Delivery
{
    public const string Help = """
        delivery    webhook received → delivery e-mail accepted by the bench's SMTP sink, open loop
                    --rate 500 --duration 60 (s) --drain 60 (s to wait for the last e-mails)
                    --warmup 10 (s at the same rate first, not measured: the server's JIT
                    promotes the delivery path's hot methods during its first thousands of orders)
        """;

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var provider = args.Provider;
        var postgres = args.Postgres;
        var rate = args.Int("rate", 500);
        var duration = TimeSpan.FromSeconds(args.Int("duration", 60));
        var drain = TimeSpan.FromSeconds(args.Int("drain", 60));
        var warmup = TimeSpan.FromSeconds(args.Int("warmup", 10));
        args.RejectUnknown();
        var orders = (int)(rate * duration.TotalSeconds);
        var warmupOrders = (int)(rate * warmup.TotalSeconds);
        Console.WriteLine($"delivery: provider {provider}, {rate} paid orders/s for {duration.TotalSeconds:F0} s ({orders} orders) after a {warmup.TotalSeconds:F0} s warm-up ({warmupOrders} orders)");

        await using var sink = new SmtpSink();
        var smtp = new Dictionary<string, string>
        {
            ["Email__Smtp__Host"] = "127.0.0.1",
            ["Email__Smtp__Port"] = sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email__Smtp__Security"] = "none",
        };
        Console.WriteLine($"smtp sink  127.0.0.1:{sink.Port}");

        LoadResult acks;
        var delivered = Load.NewHistogram();
        long undelivered = 0;
        await using (var database = await BenchDatabase.CreateAsync(provider, postgres))
        {
            Guid[] ids;
            Console.WriteLine("setup: web role only, product, keys and orders");
            await using (var setup = await OrderlyServer.StartAsync(database, new Dictionary<string, string>(smtp) { ["Orderly__Roles"] = "web" }))
            {
                using var http = setup.CreateClient(80);
                await Shop.CreateProductAsync(http, "MAIL");
                await Shop.ImportKeysAsync(http, "MAIL", warmupOrders + orders);
                ids = await Shop.PlaceOrdersAsync(http, "MAIL", warmupOrders + orders, 64);
            }

            await using var server = await OrderlyServer.StartAsync(database, smtp);
            using var client = server.CreateClient(512);
            // Orders are placed long before they are paid in real life: let the worker finish the
            // placed orders' work (accounts, prerequisites) before the clock starts.
            await Shop.WaitForIdleWorkerAsync(client, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(180));
            if (warmupOrders > 0)
            {
                var warming = Stopwatch.StartNew();
                using (Load.Progress("warm-up e-mails", warming, () => $"{sink.Received} accepted by the SMTP sink"))
                {
                    await Load.OpenAsync("warm-up: webhooks", rate, warmup, warmupOrders, async (i, _) =>
                    {
                        using var request = Shop.PaymentSucceeded(ids[orders + i], $"evt_warm_{i}");
                        using var response = await client.SendAsync(request);
                        return response.StatusCode == HttpStatusCode.OK;
                    });
                    while (sink.Received < warmupOrders && warming.Elapsed < warmup + drain)
                    {
                        await Task.Delay(200);
                    }
                }
                await Shop.WaitForIdleWorkerAsync(client, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(180));
            }
            var warmedUp = sink.Received;

            var sentAt = new long[orders];
            var delivery = Stopwatch.StartNew();
            using (Load.Progress("e-mails", delivery, () => $"{sink.Received - warmedUp} accepted by the SMTP sink"))
            {
                acks = await Load.OpenAsync("delivery: webhooks", rate, duration, orders, async (i, due) =>
                {
                    sentAt[i] = due;
                    using var request = Shop.PaymentSucceeded(ids[i], $"evt_mail_{i}");
                    using var response = await client.SendAsync(request);
                    return response.StatusCode == HttpStatusCode.OK;
                });
                var waited = Stopwatch.StartNew();
                while (sink.Received - warmedUp < orders && waited.Elapsed < drain)
                {
                    await Task.Delay(200);
                }
            }
            var end = Stopwatch.GetTimestamp();
            for (var i = 0; i < orders; i++)
            {
                if (sink.AcceptedAt.TryGetValue($"{ids[i]:N}.delivery@orderly", out var at))
                {
                    delivered.RecordValue(Math.Max(1, (long)Stopwatch.GetElapsedTime(sentAt[i], at).TotalMicroseconds));
                }
                else
                {
                    // Not delivered by the end of the drain: recorded with the time waited so far (a lower bound).
                    undelivered++;
                    delivered.RecordValue(Math.Max(1, (long)Stopwatch.GetElapsedTime(sentAt[i], end).TotalMicroseconds));
                }
            }
        }

        var e2e = new LoadResult("delivery", orders - undelivered, 0, duration, delivered, rate, undelivered);
        Console.WriteLine($"  done     webhook → e-mail accepted: {e2e}");
        var targets = new Targets($"delivery ({provider})");
        targets.Row($"webhook ACK, open loop at {rate}/s", acks, "acks/s");
        targets.Row($"webhook → delivery e-mail accepted by SMTP, {rate} orders/s for {duration.TotalSeconds:F0} s", $"{orders - undelivered}/{orders} delivered", Targets.Ms(e2e.P(50)), Targets.Ms(e2e.P(99)),
            undelivered > 0 ? $"{undelivered} not delivered within {drain.TotalSeconds:F0} s of the last webhook (counted at the time waited)" : "");
        targets.Check("p50 ≤ 50 ms (webhook → e-mail)", $"{Targets.Ms(e2e.P(50))} ms", e2e.P(50) <= 50);
        targets.Check("p99 ≤ 250 ms (webhook → e-mail)", $"{Targets.Ms(e2e.P(99))} ms{(undelivered > 0 ? $", {undelivered} undelivered" : "")}", e2e.P(99) <= 250 && undelivered == 0);
        targets.Print();
        return 0;
    }
}
