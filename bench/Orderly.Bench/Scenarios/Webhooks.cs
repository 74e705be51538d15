using System.Net;
using Orderly.Bench.Infrastructure;

namespace Orderly.Bench.Scenarios;

/// <summary>
/// webhooks: signed Stripe <c>payment_intent.succeeded</c> events acknowledged per second (closed
/// loop), then ACK latency open loop at <c>--rate</c>. Each event pays a different order, placed
/// first (with the server in the web role only, so setup is quick), then the server is restarted with
/// the roles as configured and, once its worker is idle, the webhooks are sent. References in the same
/// run: wrk on <c>/health/live</c>, pgbench single-row INSERT with 64 clients.
/// </summary>
internal static class Webhooks
{
    public const string Help = """
        webhooks    signed payment_intent.succeeded on POST /webhooks/stripe, one order each
                    --clients 64 --duration 15 (closed loop, s) --rate 1000 --open-duration 10 (open loop)
                    --orders 20000 (placed first) --ref-duration 10 --warmup 3
        """;

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var provider = args.Provider;
        var postgres = args.Postgres;
        var clients = args.Int("clients", 64);
        var duration = TimeSpan.FromSeconds(args.Int("duration", 15));
        var rate = args.Int("rate", 1000);
        var openDuration = TimeSpan.FromSeconds(args.Int("open-duration", 10));
        var orders = args.Int("orders", 20_000);
        var refDuration = TimeSpan.FromSeconds(args.Int("ref-duration", 10));
        var warmup = TimeSpan.FromSeconds(args.Int("warmup", 3));
        args.RejectUnknown();
        var openCount = (int)(rate * openDuration.TotalSeconds);
        if (orders <= openCount)
        {
            throw new ArgumentException($"--orders {orders} leaves nothing for the closed loop after the open loop's {openCount}");
        }
        Console.WriteLine($"webhooks: provider {provider}, {orders} orders; {clients} clients for {duration.TotalSeconds:F0} s, then {rate}/s open loop for {openDuration.TotalSeconds:F0} s");

        LoadResult closed, open;
        WrkResult? wrk;
        LoadResult? ownHealth = null;
        await using (var database = await BenchDatabase.CreateAsync(provider, postgres))
        {
            Guid[] ids;
            Console.WriteLine("setup: web role only, product, keys and orders");
            await using (var setup = await OrderlyServer.StartAsync(database, new Dictionary<string, string> { ["Orderly__Roles"] = "web" }))
            {
                using var http = setup.CreateClient(clients + 16);
                await Shop.CreateProductAsync(http, "PAID");
                await Shop.ImportKeysAsync(http, "PAID", orders);
                ids = await Shop.PlaceOrdersAsync(http, "PAID", orders, 64);
            }

            await using var server = await OrderlyServer.StartAsync(database);
            using var client = server.CreateClient(Math.Max(clients, 512));
            await Shop.WaitForIdleWorkerAsync(client, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(120));

            wrk = await Wrk.RunAsync($"{server.BaseUrl}/health/live", 64, refDuration);
            if (wrk is null)
            {
                Console.WriteLine("  wrk is not installed (apt-get install -y wrk): the bench's own open-loop generator on /health/live instead");
                ownHealth = await Load.OpenAsync("reference: /health/live (own generator)", rate, refDuration, long.MaxValue, async (_, _) =>
                {
                    using var response = await client.GetAsync("/health/live");
                    return response.StatusCode == HttpStatusCode.OK;
                });
            }

            Console.WriteLine($"warm-up: {warmup.TotalSeconds:F0} s of webhooks, not counted (JIT, connection pools)");
            var warm = await Load.ClosedAsync("warm-up", clients, warmup, orders / 10, async i =>
            {
                using var request = Shop.PaymentSucceeded(ids[i], $"evt_bench_{i}");
                using var response = await client.SendAsync(request);
                return response.StatusCode == HttpStatusCode.OK;
            });
            var used = (int)(warm.Ok + warm.Failures);

            Console.WriteLine($"closed loop: {clients} clients, {duration.TotalSeconds:F0} s (at most {orders - openCount - used} events)");
            closed = await Load.ClosedAsync("webhooks closed", clients, duration, orders - openCount - used, async i =>
            {
                using var request = Shop.PaymentSucceeded(ids[used + i], $"evt_bench_{used + i}");
                using var response = await client.SendAsync(request);
                return response.StatusCode == HttpStatusCode.OK;
            });
            var offset = used + (int)(closed.Ok + closed.Failures);

            Console.WriteLine($"open loop: {rate}/s for {openDuration.TotalSeconds:F0} s, latency from each event's intended send time");
            open = await Load.OpenAsync("webhooks open", rate, openDuration, orders - offset, async (i, _) =>
            {
                using var request = Shop.PaymentSucceeded(ids[offset + i], $"evt_bench_{offset + i}");
                using var response = await client.SendAsync(request);
                return response.StatusCode == HttpStatusCode.OK;
            });
        }

        Console.WriteLine($"reference: pgbench, 64 clients, {refDuration.TotalSeconds:F0} s, same PostgreSQL ({postgres})");
        var insert = await Pgbench.SingleInsertAsync(postgres, 64, refDuration);

        var targets = new Targets($"webhooks ({provider})");
        targets.Row("reference: pgbench single-row INSERT, 64 clients (PostgreSQL, durable)", insert, "tps");
        if (wrk is not null)
        {
            targets.Row("reference: wrk GET /health/live, 64 connections, same server", $"{wrk.PerSecond:F0} req/s", Targets.Ms(wrk.P50), Targets.Ms(wrk.P99));
        }
        else
        {
            targets.Row($"reference: GET /health/live, own open-loop generator at {rate}/s (wrk missing)", ownHealth, "req/s");
        }
        targets.Row($"webhook ACK, closed loop, {clients} clients", closed, "acks/s", insert is null ? "" : $"{closed.PerSecond / insert.PerSecond:F2}× the INSERT reference");
        targets.Row($"webhook ACK, open loop at {rate}/s (from intended send)", open, "acks/s");
        targets.Check("≥ 2,500 acks/s sustained (closed loop)", $"{closed.PerSecond:F0}/s", closed.PerSecond >= 2500);
        targets.Check($"p99 ≤ 25 ms at {rate}/s (open loop)", $"{Targets.Ms(open.P(99))} ms{(open.Failures + open.Unfinished > 0 ? $", {open.Failures} failed, {open.Unfinished} unfinished" : "")}", open.P(99) <= 25 && open.Failures == 0 && open.Unfinished == 0);
        targets.Print();
        return 0;
    }
}
