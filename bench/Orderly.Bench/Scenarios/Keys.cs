using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orderly.Bench.Infrastructure;
using Orderly.Keys.Contracts;
using Orderly.Persistence;

namespace Orderly.Bench.Scenarios;

/// <summary>
/// keys: the Keys module's allocation path in-process — <c>src/Orderly/Program.cs</c> itself runs
/// in the bench's process (web role only: no outbox dispatcher competing), a pool of
/// <c>--keys</c> codes is imported through the admin API, then <c>--workers</c> concurrent workers each
/// take one code per call the way fulfillment does (a write transaction around
/// <see cref="IKeyAllocator.AllocateAsync"/>, committed) until the pool is empty. The rate is
/// reported for every 10 % slice of the pool.
/// </summary>
internal static class Keys
{
    public const string Help = """
        keys        IKeyAllocator in-process, --workers concurrent allocations of one code each
                    --keys 100000 (pool size) --workers 64
        """;

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var provider = args.Provider;
        var postgres = args.Postgres;
        var poolSize = args.Int("keys", 100_000);
        var workers = args.Int("workers", 64);
        args.RejectUnknown();
        Console.WriteLine($"keys: provider {provider}, pool of {poolSize} codes, {workers} workers, in-process");

        await using var database = await BenchDatabase.CreateAsync(provider, postgres);
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Orderly:AdminApiKey"] = OrderlyServer.AdminKey,
            ["Orderly:SeedDemoData"] = "false",
            ["Orderly:Roles"] = "web",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (name, value) in database.Settings().Concat(OrderlyServer.EnvironmentSettings()))
        {
            settings[name.Replace("__", ":", StringComparison.Ordinal)] = value;
        }
        await using var app = new InProcessOrderly(settings);
        using var http = app.CreateClient();
        http.Timeout = TimeSpan.FromMinutes(5);
        Console.WriteLine($"in-process application (src/Orderly/Program.cs), provider {provider}, roles web");
        http.DefaultRequestHeaders.Authorization = new("Bearer", OrderlyServer.AdminKey);
        var productId = await Shop.CreateProductAsync(http, "POOL");
        await Shop.ImportKeysAsync(http, "POOL", poolSize);

        var completedAt = new long[poolSize];
        long allocated = 0, failures = 0;
        var latency = Load.NewHistogram();
        var watch = Stopwatch.StartNew();
        var origin = Stopwatch.GetTimestamp();
        using (Load.Progress("keys", watch, () => $"{Interlocked.Read(ref allocated)}/{poolSize} allocated ({100.0 * Interlocked.Read(ref allocated) / poolSize:F0} %), {Interlocked.Read(ref allocated) / watch.Elapsed.TotalSeconds:F0}/s, {Interlocked.Read(ref failures)} failed"))
        {
            await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
            {
                await Task.Yield();
                while (Interlocked.Read(ref allocated) < poolSize)
                {
                    var start = Stopwatch.GetTimestamp();
                    IReadOnlyList<Guid>? taken;
                    try
                    {
                        await using var scope = app.Services.CreateAsyncScope();
                        var db = scope.ServiceProvider.GetRequiredService<OrderlyDbContext>();
                        var allocator = scope.ServiceProvider.GetRequiredService<IKeyAllocator>();
                        await using var transaction = await db.BeginWriteAsync(CancellationToken.None);
                        taken = await allocator.AllocateAsync(new KeyRequest(productId, false, null, Guid.CreateVersion7(), Guid.CreateVersion7(), 1), CancellationToken.None);
                        await transaction.CommitAsync(CancellationToken.None);
                    }
                    catch (Exception ex) when (ex is Microsoft.EntityFrameworkCore.DbUpdateException or System.Data.Common.DbException or InvalidOperationException)
                    {
                        // A failed allocation is retried by the dispatcher in real life: count it, go on.
                        Interlocked.Increment(ref failures);
                        continue;
                    }
                    if (taken is null)
                    {
                        return; // the pool is empty
                    }
                    latency.RecordValue(Math.Max(1, (long)Stopwatch.GetElapsedTime(start).TotalMicroseconds));
                    var index = Interlocked.Increment(ref allocated) - 1;
                    if (index < poolSize)
                    {
                        completedAt[index] = Stopwatch.GetTimestamp();
                    }
                }
            }));
        }
        var elapsed = watch.Elapsed;

        var total = (int)Math.Min(allocated, poolSize);
        var result = new LoadResult($"allocation, {workers} workers", total, failures, elapsed, latency);
        Console.WriteLine($"  done     {result}");
        var targets = new Targets($"keys ({provider})");
        targets.Row($"allocation, whole pool of {poolSize}, {workers} workers", result, "keys/s");
        var slices = new double[10];
        for (var s = 0; s < 10; s++)
        {
            var first = (int)((long)total * s / 10);
            var last = (int)((long)total * (s + 1) / 10) - 1;
            if (last < first)
            {
                continue;
            }
            var from = s == 0 ? origin : completedAt[first - 1];
            slices[s] = (last - first + 1) / Stopwatch.GetElapsedTime(from, completedAt[last]).TotalSeconds;
            targets.Row($"slice {s * 10}–{(s + 1) * 10} % of the pool", $"{slices[s]:F0} keys/s");
        }
        targets.Check("≥ 3,000 keys/s (whole pool)", $"{result.PerSecond:F0}/s", result.PerSecond >= 3000);
        targets.Check("last 10 % as fast as the first (≥ 90 %)", $"{slices[9]:F0}/s vs {slices[0]:F0}/s = {slices[9] / slices[0]:P0}", slices[9] >= 0.9 * slices[0]);
        targets.Print();
        return 0;
    }

    /// <summary>
    /// The real application in-process: <see cref="WebApplicationFactory{TEntryPoint}"/> runs
    /// <c>src/Orderly/Program.cs</c> itself (every module, as in production) on an in-memory server.
    /// The type argument only names the assembly whose entry point runs (the bench has its own
    /// <c>Program</c>).
    /// </summary>
    private sealed class InProcessOrderly(IReadOnlyDictionary<string, string> settings) : WebApplicationFactory<IKeyAllocator>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseContentRoot(AppContext.BaseDirectory);
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}
