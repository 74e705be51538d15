using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orderly.Bench.Infrastructure;

namespace Orderly.Bench.Scenarios;

/// <summary>
/// web-pages: the storefront's server-rendered pages on a 10,000-product demo store (the real server
/// started with <c>--demo-size</c>): the product page, a category page (descendants, filters, paging),
/// the home page and <c>/search?q=</c>, each next to <c>GET /health/live</c> driven the same way in
/// the same run. Closed loop with few clients, so latency is the server's time per page, not queueing.
/// </summary>
internal static class WebPages
{
    public const string Help = """
        web-pages   storefront pages (product, category, home, search) on a --demo-size store, next to GET /health/live
                    --demo-size 10000 --clients 4 --requests 2000 (per page kind) --warmup 1000
        """;

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var provider = args.Provider;
        var size = args.Int("demo-size", 10_000);
        var clients = args.Int("clients", 4);
        var requests = args.Int("requests", 2000);
        // A fresh server runs its pages' code unoptimised (tier 0) for its first few dozen calls per
        // method and recompiles in the background; 200 requests per kind (about 33 per category URL)
        // left that recompilation running into the measured requests.
        var warmup = args.Int("warmup", 1000);
        args.RejectUnknown();
        Console.WriteLine($"web-pages: provider {provider}, demo store of {size} products; {clients} clients, {requests} requests per page kind");

        await using var database = await BenchDatabase.CreateAsync(provider, args.Postgres);
        var seeding = Stopwatch.StartNew();
        await using var server = await OrderlyServer.StartAsync(database, new Dictionary<string, string> { ["Orderly__SeedDemoData"] = "true" },
            ["--demo-size", size.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Console.WriteLine($"setup: server up with the demo store in {seeding.Elapsed.TotalSeconds:F1} s");
        using var http = server.CreateClient(Math.Max(clients, 16));

        var skus = (await http.GetFromJsonAsync<JsonElement>("/api/products")).EnumerateArray().Select(p => p.GetProperty("sku").GetString()!).ToList();
        string[] categories = ["/c/software", "/c/office-software", "/c/games?sort=price-asc", "/c/hardware?page=3", "/c/ebooks?sort=newest", "/c/audio?brand=Audiora"];
        string[] terms = ["office", "antivirus", "headphones", "strategy", "keyboard"];
        var pages = new (string Name, Func<int, string> Path)[]
        {
            ("reference: GET /health/live", _ => "/health/live"),
            ("product page /products/{sku}", i => "/products/" + Uri.EscapeDataString(skus[(i * 7919) % skus.Count])),
            ("category page /c/{slug}", i => categories[i % categories.Length]),
            ("home page /", _ => "/"),
            ("search /search?q=", i => "/search?q=" + terms[i % terms.Length]),
        };

        Console.WriteLine($"warm-up: {warmup} requests per page kind, not counted");
        foreach (var (name, path) in pages)
        {
            await Load.ClosedAsync($"warm-up {name}", clients, TimeSpan.FromMinutes(5), warmup, i => GetAsync(http, path(i)));
        }

        var targets = new Targets($"web-pages ({provider}, {size} products)");
        foreach (var (name, path) in pages)
        {
            if (name.StartsWith("search", StringComparison.Ordinal) && await StatusAsync(http, path(0)) == HttpStatusCode.NotFound)
            {
                targets.Row(name, (LoadResult?)null, "pages/s", "not measured: /search is not in this build");
                continue;
            }
            var result = await Load.ClosedAsync(name, clients, TimeSpan.FromMinutes(10), requests, i => GetAsync(http, path(i)));
            targets.Row(name, result, "pages/s", $"p95 {Targets.Ms(result.P(95))} ms");
            if (!name.StartsWith("reference", StringComparison.Ordinal))
            {
                targets.Check($"{name.Split(' ')[0]} {name.Split(' ')[1]} p95 ≤ 50 ms", $"{Targets.Ms(result.P(95))} ms", result.P(95) <= 50 && result.Failures == 0);
            }
        }
        targets.Print();
        return 0;
    }

    private static async Task<bool> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseContentRead);
        return response.StatusCode == HttpStatusCode.OK;
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        return response.StatusCode;
    }
}
