using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orderly.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace Orderly.IntegrationTests.Hosting;

/// <summary>
/// Rate limits on the public endpoints, in memory and in a real Redis shared by two instances.
/// <see cref="OrderlyApp"/> turns limiting off for every other test; these turn it on.
/// </summary>
public sealed class RateLimitTests
{
    /// <summary>A bucket of <paramref name="burst"/> that refills one permit per 20 minutes: nothing comes back during a test.</summary>
    private static Dictionary<string, string?> Limited(string policy, int burst, IDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["RateLimits:Enabled"] = "true",
            [$"RateLimits:{policy}:Limit"] = "3",
            [$"RateLimits:{policy}:Period"] = "01:00:00",
            [$"RateLimits:{policy}:Burst"] = burst.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        return settings;
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";

    private static async Task<OrderlyApp> ShopAsync(IDictionary<string, string?> settings, string sku, int keys, Action<IServiceCollection>? services = null)
    {
        var app = new OrderlyApp(settings, services);
        Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync(sku)).StatusCode);
        await app.ImportKeysAsync(sku, Enumerable.Range(1, keys).Select(i => $"{sku}-{Guid.NewGuid():N}-{i}"));
        return app;
    }

    [Fact]
    public async Task The_checkout_after_the_burst_is_refused_with_429_and_retry_after_and_changes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await ShopAsync(Limited("Checkout", burst: 3), "RL", keys: 10);

        for (var i = 0; i < 3; i++)
        {
            var admitted = await app.CheckoutAsync($"rl-{i}@example.com", ("RL", 1));
            Assert.Equal(HttpStatusCode.Created, admitted.StatusCode);
            Assert.Equal("3", Header(admitted, "RateLimit-Limit"));
            Assert.Equal((2 - i).ToString(CultureInfo.InvariantCulture), Header(admitted, "RateLimit-Remaining"));
            Assert.True(long.Parse(Header(admitted, "RateLimit-Reset"), CultureInfo.InvariantCulture) > 0);
        }

        var refused = await app.CheckoutAsync("rl-3@example.com", ("RL", 1));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal("rate_limit.exceeded", problem.GetProperty("code").GetString());
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        // One permit every 20 minutes: the next one is at most 1,200 s away.
        Assert.InRange(refused.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 1200);
        Assert.Equal("3", Header(refused, "RateLimit-Limit"));
        Assert.Equal("0", Header(refused, "RateLimit-Remaining"));
        Assert.InRange(long.Parse(Header(refused, "RateLimit-Reset"), CultureInfo.InvariantCulture), 2401, 3600);

        Assert.Equal(3, await app.QueryAsync(db => db.Set<Orderly.Orders.Order>().CountAsync(ct)));
        var stock = await app.Admin().GetFromJsonAsync<JsonElement>("/api/admin/products/RL/stock", ct);
        Assert.Equal((7, 3), (stock.GetProperty("available").GetInt32(), stock.GetProperty("reserved").GetInt32()));
    }

    [Fact]
    public async Task Webhooks_health_and_metrics_are_never_limited()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await ShopAsync(Limited("Checkout", burst: 1), "RLW", keys: 2);
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await app.CheckoutAsync("rlw@example.com", ("RLW", 1))).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await app.CheckoutAsync("rlw@example.com", ("RLW", 1))).StatusCode);

        for (var i = 0; i < 5; i++)
        {
            // Stripe retries and signs its calls: a limit would only turn paid orders into unpaid ones.
            var webhook = await app.PayAsync(StripeEvents.PaymentIntentSucceeded(Guid.NewGuid(), 1500));
            Assert.Equal(HttpStatusCode.OK, webhook.StatusCode);
            Assert.Equal("", Header(webhook, "RateLimit-Limit"));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live", ct)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/metrics", ct)).StatusCode);
        }
    }

    [Fact]
    public async Task Library_token_guesses_from_one_address_are_limited()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new OrderlyApp(Limited("Library", burst: 2));
        var client = app.CreateClient();

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            // A new made-up token each time: the budget is the address's, not the token's.
            answers.Add((await client.GetAsync($"/api/library?token=guess-{i}", ct)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], answers);
    }

    [Fact]
    public async Task A_buyer_with_a_valid_library_token_has_a_budget_of_their_own()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new OrderlyApp(Limited("Library", burst: 2));
        var client = app.CreateClient();
        var signer = app.Services.GetRequiredService<Orderly.Hosting.UrlSigner>();
        var token = signer.Sign(Orderly.Library.Contracts.LibraryToken.Purpose, Guid.NewGuid(), TimeProvider.System.GetUtcNow().AddHours(1));

        async Task<HttpStatusCode> BrowseAsync(string libraryToken)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/library");
            request.Headers.Add("X-Library-Token", libraryToken);
            return (await client.SendAsync(request, ct)).StatusCode;
        }

        var guesses = new[] { await BrowseAsync("guess-1"), await BrowseAsync("guess-2"), await BrowseAsync("guess-3") };
        var buyer = new[] { await BrowseAsync(token), await BrowseAsync(token), await BrowseAsync(token) };

        // Same address: the guesser's budget is spent, the buyer's is untouched until they spend it.
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], guesses);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], buyer);
    }

    [Fact]
    public async Task Two_instances_sharing_one_redis_share_one_budget()
    {
        var redis = Environment.GetEnvironmentVariable("ORDERLY_TEST_REDIS")
            ?? throw new InvalidOperationException("No Redis configured (ORDERLY_TEST_REDIS): run ./test.sh, it starts one.");
        var settings = Limited("Checkout", burst: 4, new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = redis,
            ["RateLimits:KeyPrefix"] = $"test:{Guid.NewGuid():N}:",
        });
        await using var first = await ShopAsync(settings, "RLA", keys: 10);
        await using var second = await ShopAsync(settings, "RLB", keys: 10);

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 5; i++)
        {
            responses.Add(await first.CheckoutAsync($"rla-{i}@example.com", ("RLA", 1)));
            responses.Add(await second.CheckoutAsync($"rlb-{i}@example.com", ("RLB", 1)));
        }

        Assert.Equal(4, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(6, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
        // The budget is spent in arrival order across both instances: the first four got in.
        Assert.All(responses.Take(4), r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Equal(["3", "2", "1", "0"], responses.Take(4).Select(r => Header(r, "RateLimit-Remaining")));
        Assert.All(responses.Skip(4), r => Assert.InRange(r.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 1200));

        // One key for the one client, under the prefix, its name a hash, and it expires once the
        // bucket would be full again (four permits at 20 minutes each).
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis);
        var keys = connection.GetServer(connection.GetEndPoints()[0]).Keys(pattern: $"{settings["RateLimits:KeyPrefix"]}*").ToList();
        var key = Assert.Single(keys).ToString();
        Assert.Matches($"^{settings["RateLimits:KeyPrefix"]}Checkout:[0-9a-f]{{32}}$", key);
        Assert.InRange(await connection.GetDatabase().KeyTimeToLiveAsync(key) ?? TimeSpan.Zero, TimeSpan.FromMinutes(75), TimeSpan.FromMinutes(80));
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_each_forwarded_client_has_its_own_budget()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await ShopAsync(Limited("Checkout", burst: 1, new Dictionary<string, string?> { ["Orderly:TrustedProxies"] = "127.0.0.0/8" }), "RLP", keys: 5,
            // The test server has no socket; every request arrives from the proxy at 127.0.0.1.
            services => services.AddSingleton<IStartupFilter, FromLoopback>());

        async Task<HttpStatusCode> CheckoutFromAsync(string client)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/checkout")
            {
                Content = JsonContent.Create(new { email = "rlp@example.com", items = new[] { new { sku = "RLP", quantity = 1 } } }),
            };
            request.Headers.Add("X-Forwarded-For", client);
            return (await app.CreateClient().SendAsync(request, ct)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.Created, await CheckoutFromAsync("203.0.113.1"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await CheckoutFromAsync("203.0.113.1"));
        Assert.Equal(HttpStatusCode.Created, await CheckoutFromAsync("203.0.113.2"));
        // A client cannot buy itself a fresh budget by prepending addresses: only the proxy's hop is believed.
        Assert.Equal(HttpStatusCode.TooManyRequests, await CheckoutFromAsync("198.51.100.7, 203.0.113.2"));
    }

    private sealed class FromLoopback : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Loopback;
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    [Fact]
    public async Task Requests_are_let_through_and_counted_when_redis_is_unreachable()
    {
        var ct = TestContext.Current.CancellationToken;
        using var failedOpen = new FailedOpenCounter();
        await using var app = await ShopAsync(Limited("Checkout", burst: 1, new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = $"127.0.0.1:{ClosedPort()},connectTimeout=200",
        }), "RLD", keys: 5);

        for (var i = 0; i < 3; i++)
        {
            var response = await app.CheckoutAsync($"rld-{i}@example.com", ("RLD", 1));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.Equal("", Header(response, "RateLimit-Limit")); // nothing is known, nothing is claimed
        }
        Assert.True(failedOpen.Count >= 3, $"failed-open counter at {failedOpen.Count}");
        Assert.Equal(3, await app.QueryAsync(db => db.Set<Orderly.Orders.Order>().CountAsync(ct)));
    }

    /// <summary>A loopback port nobody listens on: bound, then released.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Sums <c>orderly.rate_limits.failed_open</c> for the checkout policy (other tests may add to it, never subtract).</summary>
    private sealed class FailedOpenCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _count;

        public FailedOpenCounter()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Orderly.Hosting" && instrument.Name == "orderly.rate_limits.failed_open")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag is { Key: "policy", Value: "Checkout" })
                    {
                        Interlocked.Add(ref _count, value);
                    }
                }
            });
            _listener.Start();
        }

        public long Count => Interlocked.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }
}
