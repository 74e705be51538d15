using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Orderly.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace Orderly.IntegrationTests.Inventory;

/// <summary>
/// Redis stock counters in front of the database (scale-out): whatever happens to Redis in the
/// middle of a rush, exactly the stock is sold and nobody is turned away while stock remains.
/// </summary>
public sealed class RedisStockCounterTests
{
    private const int Units = 150;
    private const int Buyers = 450;

    [Fact]
    public async Task Losing_the_counters_mid_rush_sells_exactly_the_stock_and_the_counter_comes_back_right()
    {
        var redis = Environment.GetEnvironmentVariable("ORDERLY_TEST_REDIS")
            ?? throw new InvalidOperationException("No Redis configured (ORDERLY_TEST_REDIS): run ./test.sh, it starts one.");
        var prefix = $"orderly-test-{Guid.NewGuid():N}:";
        await using var app = new OrderlyApp(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = redis, ["Inventory:RedisKeyPrefix"] = prefix, ["Inventory:CounterReconcileInterval"] = "00:00:01",
        });
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis);

        // "Redis lost its data": every key of this app's counters and holds vanishes mid-rush.
        var (won, lost) = await RushAsync(app, "FLUSH", halfway: async () =>
        {
            var server = connection.GetServers()[0];
            await foreach (var key in server.KeysAsync(pattern: prefix + "*"))
            {
                await connection.GetDatabase().KeyDeleteAsync(key);
            }
        });

        Assert.Equal(Units, won);
        Assert.Equal(Buyers - Units, lost);
        await AssertStockAsync(app, "FLUSH");
        // The counter was reloaded from the database and, at the latest after the reconciler's next
        // pass (1 s here), agrees with it: nothing left, no hold left behind.
        var db = connection.GetDatabase();
        var server = connection.GetServers()[0];
        var deadline = Stopwatch.StartNew();
        List<long> counters;
        do
        {
            await Task.Delay(200, TestContext.Current.CancellationToken);
            counters = [];
            await foreach (var key in server.KeysAsync(pattern: prefix + "*:available"))
            {
                counters.Add((long)await db.StringGetAsync(key));
            }
        }
        while (counters is not [0] && deadline.Elapsed < TimeSpan.FromSeconds(10));
        Assert.Equal([0L], counters);
        await foreach (var key in server.KeysAsync(pattern: prefix + "*:held"))
        {
            Assert.Equal(0, await db.HashLengthAsync(key));
        }
    }

    [Fact]
    public async Task Killing_redis_mid_rush_falls_back_to_the_database_and_sells_exactly_the_stock()
    {
        Assert.SkipWhen(Environment.GetEnvironmentVariable("ORDERLY_TEST_REQUIRE_SERVICES") != "1" && !File.Exists(RedisServer.Binary), "redis-server is not installed: run ./test.sh.");
        using var own = await RedisServer.StartAsync(TestContext.Current.CancellationToken);
        await using var app = new OrderlyApp(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = $"{own.Endpoint},connectTimeout=500,syncTimeout=500,asyncTimeout=500",
        });

        var (won, lost) = await RushAsync(app, "KILL", halfway: () =>
        {
            own.Kill();
            return Task.CompletedTask;
        });

        Assert.Equal(Units, won);
        Assert.Equal(Buyers - Units, lost);
        await AssertStockAsync(app, "KILL");
    }

    /// <summary>Buyers for <see cref="Units"/> units; <paramref name="halfway"/> runs once a third of them have an answer.</summary>
    private static async Task<(int Won, int Lost)> RushAsync(OrderlyApp app, string sku, Func<Task> halfway)
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync(sku, price: 500)).StatusCode);
        await app.ImportKeysAsync(sku, Enumerable.Range(1, Units).Select(i => $"{sku}-{i:D6}"));

        var answered = 0;
        var fired = 0;
        Task? disruption = null;
        using var gate = new SemaphoreSlim(24);
        var attempts = Enumerable.Range(0, Buyers).Select(async i =>
        {
            await gate.WaitAsync(ct);
            try
            {
                return await app.CheckoutAsync($"rush-{i}@example.com", (sku, 1));
            }
            finally
            {
                gate.Release();
                if (Interlocked.Increment(ref answered) == Buyers / 3 && Interlocked.Exchange(ref fired, 1) == 0)
                {
                    disruption = halfway();
                }
            }
        }).ToList();
        var responses = await Task.WhenAll(attempts);
        await (disruption ?? Task.CompletedTask);

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"unexpected {(int)r.StatusCode}"));
        foreach (var response in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            Assert.Equal("inventory.insufficient_stock", problem.GetProperty("code").GetString());
        }
        return (responses.Count(r => r.StatusCode == HttpStatusCode.Created), responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
    }

    private static async Task AssertStockAsync(OrderlyApp app, string sku)
    {
        var stock = await app.Admin().GetFromJsonAsync<JsonElement>($"/api/admin/products/{sku}/stock", TestContext.Current.CancellationToken);
        Assert.Equal((0, Units, 0), (stock.GetProperty("available").GetInt32(), stock.GetProperty("reserved").GetInt32(), stock.GetProperty("allocated").GetInt32()));
    }

    /// <summary>A redis-server of this test's own, so killing it disturbs no other test.</summary>
    private sealed class RedisServer : IDisposable
    {
        public const string Binary = "/usr/bin/redis-server";
        private readonly Process _process;

        private RedisServer(Process process, int port) => (_process, Endpoint) = (process, $"127.0.0.1:{port}");

        public string Endpoint { get; }

        public static async Task<RedisServer> StartAsync(CancellationToken cancellationToken)
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var process = Process.Start(new ProcessStartInfo(Binary, $"--port {port} --bind 127.0.0.1 --save \"\" --appendonly no")
            {
                RedirectStandardOutput = true, UseShellExecute = false,
            }) ?? throw new InvalidOperationException("redis-server did not start.");
            var server = new RedisServer(process, port);
            for (var i = 0; i < 100; i++)
            {
                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                    return server;
                }
                catch (SocketException)
                {
                    await Task.Delay(50, cancellationToken);
                }
            }
            server.Dispose();
            throw new InvalidOperationException($"redis-server did not listen on {port}.");
        }

        public void Kill() => _process.Kill(entireProcessTree: true);

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
            _process.Dispose();
        }
    }
}
