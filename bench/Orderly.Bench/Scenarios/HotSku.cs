using System.Net;
using Orderly.Bench.Infrastructure;

namespace Orderly.Bench.Scenarios;

/// <summary>
/// hot-sku: one product, many buyers at once on <c>POST /api/checkout</c> (each 201 is a durable
/// reservation + order). Closed loop for throughput, then an open loop at <c>--rate</c> for latency.
/// References in the same run: pgbench's naive single-row conditional decrement (64 clients) on the
/// same PostgreSQL, and <c>/health/live</c> on the same server.
/// </summary>
internal static class HotSku
{
    public const string Help = """
        hot-sku     one product, --buyers concurrent buyers on POST /api/checkout
                    --buyers 1000 --duration 20 (closed loop, s) --rate 1000 --open-duration 10 (open loop)
                    --stock 60000 (keys imported = units for sale) --ref-duration 10 --warmup 3
        """;

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var provider = args.Provider;
        var postgres = args.Postgres;
        var buyers = args.Int("buyers", 1000);
        var duration = TimeSpan.FromSeconds(args.Int("duration", 20));
        var rate = args.Int("rate", 1000);
        var openDuration = TimeSpan.FromSeconds(args.Int("open-duration", 10));
        var stock = args.Int("stock", 60_000);
        var refDuration = TimeSpan.FromSeconds(args.Int("ref-duration", 10));
        var warmup = TimeSpan.FromSeconds(args.Int("warmup", 3));
        args.RejectUnknown();
        var openCount = (int)(rate * openDuration.TotalSeconds);
        if (stock <= openCount)
        {
            throw new ArgumentException($"--stock {stock} leaves nothing for the closed loop after the open loop's {openCount}");
        }
        Console.WriteLine($"hot-sku: provider {provider}, {buyers} buyers for {duration.TotalSeconds:F0} s, then {rate}/s open loop for {openDuration.TotalSeconds:F0} s, {stock} units");

        LoadResult closed, open, health;
        var closedBatch = double.NaN;
        await using (var database = await BenchDatabase.CreateAsync(provider, postgres))
        {
            await using var server = await OrderlyServer.StartAsync(database);
            using var http = server.CreateClient(buyers + 16);
            await Shop.CreateProductAsync(http, "HOT");
            await Shop.ImportKeysAsync(http, "HOT", stock);

            Console.WriteLine($"reference: GET /health/live, 64 clients, {refDuration.TotalSeconds:F0} s");
            health = await Load.ClosedAsync("reference: /health/live", 64, refDuration, long.MaxValue, async _ =>
            {
                using var response = await http.GetAsync("/health/live");
                return response.StatusCode == HttpStatusCode.OK;
            });

            Console.WriteLine($"warm-up: {warmup.TotalSeconds:F0} s of checkouts, not counted (JIT, connection pools)");
            var warm = await Load.ClosedAsync("warm-up", Math.Min(buyers, 64), warmup, stock / 10, async i =>
            {
                using var response = await Shop.CheckoutAsync(http, "HOT", $"warm-{i}@example.com");
                return response.StatusCode == HttpStatusCode.Created;
            });
            var budget = stock - openCount - (int)(warm.Ok + warm.Failures);

            var (batchSum0, batchCount0) = (await Shop.MetricSumAsync(http, "orderly_group_commit_batch_size_sum"), await Shop.MetricSumAsync(http, "orderly_group_commit_batch_size_count"));
            Console.WriteLine($"closed loop: {buyers} buyers, {duration.TotalSeconds:F0} s (stops early after {budget} reservations)");
            closed = await Load.ClosedAsync("hot-sku closed", buyers, duration, budget, async i =>
            {
                using var response = await Shop.CheckoutAsync(http, "HOT", $"hot-{i}@example.com");
                return response.StatusCode == HttpStatusCode.Created;
            });

            var (batchSum1, batchCount1) = (await Shop.MetricSumAsync(http, "orderly_group_commit_batch_size_sum"), await Shop.MetricSumAsync(http, "orderly_group_commit_batch_size_count"));
            closedBatch = batchCount1 > batchCount0 ? (batchSum1 - batchSum0) / (batchCount1 - batchCount0) : double.NaN;
            Console.WriteLine($"  server   {batchCount1 - batchCount0:F0} checkout transactions, {closedBatch:F1} orders per transaction on average (orderly_group_commit_batch_size; only checkouts run in this phase)");

            Console.WriteLine($"open loop: {rate}/s for {openDuration.TotalSeconds:F0} s, latency from each request's intended start");
            open = await Load.OpenAsync("hot-sku open", rate, openDuration, openCount, async (i, _) =>
            {
                using var response = await Shop.CheckoutAsync(http, "HOT", $"open-{i}@example.com");
                return response.StatusCode == HttpStatusCode.Created;
            });
        }

        // The server is stopped: the physical reference gets the machine to itself, like the server did.
        Console.WriteLine($"reference: pgbench, 64 clients, {refDuration.TotalSeconds:F0} s, same PostgreSQL ({postgres})");
        var naive = await Pgbench.NaiveDecrementAsync(postgres, 64, refDuration);

        var targets = new Targets($"hot-sku ({provider})");
        targets.Row("reference: pgbench naive decrement, 64 clients (PostgreSQL, durable)", naive, "tps");
        targets.Row("reference: GET /health/live, 64 clients, same server", health, "req/s");
        targets.Row($"checkout, closed loop, {buyers} buyers (reservations)", closed, "reservations/s", (naive is null ? "" : $"{closed.PerSecond / naive.PerSecond:F2}× naive; ") + $"{closedBatch:F1} orders per commit");
        targets.Row($"checkout, open loop at {rate}/s (from intended start)", open, "reservations/s");
        targets.Check("≥ 5,000 reservations/s (closed loop)", $"{closed.PerSecond:F0}/s", closed.PerSecond >= 5000);
        targets.Check("≥ 4× the naive pgbench reference", naive is null ? "no reference" : $"{closed.PerSecond / naive.PerSecond:F2}×", naive is null ? null : closed.PerSecond >= 4 * naive.PerSecond);
        targets.Check($"p99 ≤ 50 ms (open loop at {rate}/s)", $"{Targets.Ms(open.P(99))} ms{(open.Failures + open.Unfinished > 0 ? $", {open.Failures} failed, {open.Unfinished} unfinished" : "")}", open.P(99) <= 50 && open.Failures == 0 && open.Unfinished == 0);
        targets.Print();
        return 0;
    }
}
