using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orderly.Bench.Infrastructure;

namespace Orderly.Bench.Scenarios;

/// <summary>
/// licenses: <c>POST /api/licenses/validate</c> (a signed ES256 lease each) per second, closed loop,
/// then latency open loop at <c>--rate</c>, next to <c>GET /health/live</c> driven the same way in
/// the same run. Setup: one licensable product, <c>--licenses</c> keys bought in one order, each
/// activated on its own domain; the validations cycle through them. Then activations per second:
/// each request binds a new domain to one of the keys (a real new seat: normalization, the guarded
/// seat UPDATE, the activation row, the audit entry), spread over the keys as many sites would be.
/// </summary>
internal static class Licenses
{
    public const string Help = """
        licenses    POST /api/licenses/validate (signed lease) and POST /api/licenses/activate (new seats),
                    next to GET /health/live in the same run
                    --clients 64 --duration 15 (closed loop, s) --rate 1000 --open-duration 10 (open loop)
                    --licenses 100 (keys bought and activated first) --sites 30000 (sites validating, spread over the keys) --warmup 10
        """;

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var provider = args.Provider;
        var clients = args.Int("clients", 64);
        var duration = TimeSpan.FromSeconds(args.Int("duration", 15));
        var rate = args.Int("rate", 1000);
        var openDuration = TimeSpan.FromSeconds(args.Int("open-duration", 10));
        var licenses = args.Int("licenses", 100);
        var sites = Math.Max(args.Int("sites", 30_000), licenses);
        var warmup = TimeSpan.FromSeconds(args.Int("warmup", 10));
        args.RejectUnknown();
        Console.WriteLine($"licenses: provider {provider}, {licenses} licenses on {sites} sites; {clients} clients for {duration.TotalSeconds:F0} s, then {rate}/s open loop for {openDuration.TotalSeconds:F0} s");

        await using var database = await BenchDatabase.CreateAsync(provider, args.Postgres);
        await using var server = await OrderlyServer.StartAsync(database);
        using var http = server.CreateClient(Math.Max(clients, 512));
        var keys = await BuyAndActivateAsync(http, licenses);
        await ActivateSitesAsync(http, keys, sites);
        // Each request validates the next site in turn, so at 10,000/s a site asks about every
        // sites/10,000 seconds, as many real sites would: a lease is signed for nearly every request
        // (a site asking twice within one second gets the same lease, ADR 0027).
        Request Validate(int i) => new(HttpMethod.Post, "/api/licenses/validate", new { key = keys[i % sites % keys.Count], domain = $"site-{i % sites}.bench" });
        var health = new Request(HttpMethod.Get, "/health/live", null);

        Console.WriteLine($"warm-up: {warmup.TotalSeconds:F0} s, not counted (JIT, connection pools, signing key)");
        await Load.ClosedAsync("warm-up", clients, warmup, long.MaxValue, i => SendAsync(http, Validate(i)));

        var healthClosed = await Load.ClosedAsync("reference: /health/live closed", clients, duration, long.MaxValue, _ => SendAsync(http, health));
        var closed = await Load.ClosedAsync("validate closed", clients, duration, long.MaxValue, i => SendAsync(http, Validate(i)));
        var healthOpen = await Load.OpenAsync("reference: /health/live open", rate, openDuration, long.MaxValue, (_, _) => SendAsync(http, health));
        var open = await Load.OpenAsync("validate open", rate, openDuration, long.MaxValue, (i, _) => SendAsync(http, Validate(i)));
        // Every activation takes a new seat (a domain never used before) on one of the keys; with
        // 100 keys of 10,000 seats each, the run has room for a million.
        Request Activate(int i) => new(HttpMethod.Post, "/api/licenses/activate", new { key = keys[i % keys.Count], domain = $"new-{i}.site-{i % keys.Count}.bench" });
        var activations = await Load.ClosedAsync("activate closed", clients, duration, long.MaxValue, i => SendAsync(http, Activate(i)));

        var targets = new Targets($"licenses ({provider})");
        targets.Row($"reference: GET /health/live, closed loop, {clients} clients", healthClosed, "req/s");
        targets.Row($"reference: GET /health/live, open loop at {rate}/s", healthOpen, "req/s");
        targets.Row($"validate (signed lease), closed loop, {clients} clients", closed, "leases/s",
            $"{closed.PerSecond / healthClosed.PerSecond:F2}× the empty endpoint");
        targets.Row($"validate (signed lease), open loop at {rate}/s (from intended send)", open, "leases/s");
        targets.Row($"activate (a new seat each), closed loop, {clients} clients", activations, "activations/s");
        targets.Check($"p99 ≤ 10 ms at {rate}/s (open loop)", $"{Targets.Ms(open.P(99))} ms", open.P(99) <= 10 && open.Failures == 0 && open.Unfinished == 0);
        targets.Check("validations ≥ 10,000/s (closed loop)", $"{closed.PerSecond:F0}/s", closed.PerSecond >= 10_000 && closed.Failures == 0);
        targets.Check("activations ≥ 2,000/s (closed loop)", $"{activations.PerSecond:F0}/s", activations.PerSecond >= 2_000 && activations.Failures == 0);
        targets.Print();
        return 0;
    }

    private sealed record Request(HttpMethod Method, string Path, object? Body);

    /// <summary>Sites beyond the first one per key: site <c>s</c> is bound to key <c>s % keys</c>.</summary>
    private static async Task ActivateSitesAsync(HttpClient http, List<string> keys, int sites)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(keys.Count, sites - keys.Count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (s, ct) =>
            await Shop.ExpectAsync(await http.PostAsJsonAsync("/api/licenses/activate", new { key = keys[s % keys.Count], domain = $"site-{s}.bench" }, ct), HttpStatusCode.OK));
        Console.WriteLine($"setup: {sites} sites activated in {started.Elapsed.TotalSeconds:F1} s");
    }

    private static async Task<bool> SendAsync(HttpClient http, Request request)
    {
        using var message = new HttpRequestMessage(request.Method, request.Path) { Content = request.Body is null ? null : JsonContent.Create(request.Body) };
        using var response = await http.SendAsync(message);
        return response.StatusCode == HttpStatusCode.OK;
    }

    /// <summary>One order of <paramref name="count"/> licensed keys, paid; each key activated on its own domain.</summary>
    private static async Task<List<string>> BuyAndActivateAsync(HttpClient http, int count)
    {
        const string sku = "LICENSED";
        await Shop.CreateProductAsync(http, sku);
        await Shop.ExpectAsync(await http.PutAsJsonAsync($"/api/admin/products/{sku}/licensing", new { plan = "yearly", activationLimit = 10_000 }), HttpStatusCode.OK);
        await Shop.ImportKeysAsync(http, sku, count);
        var checkout = await http.PostAsJsonAsync("/api/checkout", new { email = "licensee@bench.example", items = new[] { new { sku, quantity = count } } });
        var orderId = await Shop.OrderIdAsync(checkout) ?? throw new InvalidOperationException($"checkout failed: {(int)checkout.StatusCode}");
        using (var paid = await http.SendAsync(Shop.PaymentSucceeded(orderId, $"evt_licenses_{orderId:N}", 1000L * count)))
        {
            await Shop.ExpectAsync(paid, HttpStatusCode.OK);
        }
        var keyIds = new List<Guid>();
        for (var attempt = 0; keyIds.Count < count; attempt++)
        {
            if (attempt == 600)
            {
                throw new TimeoutException($"only {keyIds.Count} of {count} licenses were issued");
            }
            await Task.Delay(100);
            var listed = await http.GetFromJsonAsync<JsonElement>($"/api/admin/licenses?orderId={orderId}&limit={count}");
            keyIds = listed.EnumerateArray().Select(l => l.GetProperty("keyId").GetGuid()).ToList();
        }
        var keys = new List<string>();
        for (var i = 0; i < keyIds.Count; i++)
        {
            var revealed = await http.PostAsync($"/api/admin/keys/{keyIds[i]}/reveal", null);
            await Shop.ExpectAsync(revealed, HttpStatusCode.OK);
            var key = (await revealed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
            await Shop.ExpectAsync(await http.PostAsJsonAsync("/api/licenses/activate", new { key, domain = $"site-{i}.bench" }), HttpStatusCode.OK);
            keys.Add(key);
        }
        Console.WriteLine($"setup: {keys.Count} licenses activated");
        return keys;
    }
}
