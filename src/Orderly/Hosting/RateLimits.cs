using System.Diagnostics.Metrics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Orderly.Hosting;

/// <summary>Rate limit settings, bound to the "RateLimits" configuration section.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Off: no request is limited (load tests and benchmarks hammer checkout from one address on purpose).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Prefix of every Redis key the limiter writes, so several shops or test runs can share one Redis.</summary>
    public string KeyPrefix { get; set; } = "orderly:ratelimit:";

    /// <summary>
    /// How long a request waits for Redis before it is let through. Short on purpose: it is added
    /// to every limited request while Redis is slow.
    /// </summary>
    public TimeSpan RedisTimeout { get; set; } = TimeSpan.FromMilliseconds(250);
}

/// <summary>
/// One named policy, bound to <c>RateLimits:{Name}</c>: a token bucket of <see cref="Burst"/>
/// permits that refills at <see cref="Limit"/> permits per <see cref="Period"/>, one bucket per
/// partition (client address, API key…).
/// </summary>
public sealed class RateLimitPolicyOptions
{
    /// <summary>Sustained rate: permits per <see cref="Period"/>.</summary>
    public int Limit { get; set; } = 60;

    public TimeSpan Period { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Bucket size: how many requests may arrive at once after a quiet spell. Sent as <c>RateLimit-Limit</c>.</summary>
    public int Burst { get; set; } = 20;

    /// <summary>Time for one permit to come back.</summary>
    public TimeSpan Interval => Period / Limit;

    /// <summary>
    /// Positive numbers, and a refill interval of at least a millisecond (the in-memory bucket
    /// cannot replenish faster, and Redis expiries are in milliseconds).
    /// </summary>
    public bool IsValid => Limit > 0 && Burst > 0 && Period > TimeSpan.Zero && Interval >= TimeSpan.FromMilliseconds(1);
}

/// <summary>
/// Rate limits for public endpoints: ASP.NET Core's rate limiting middleware with named policies.
/// Each policy partitions requests (by client address, API key…) into token buckets that live in
/// memory (embedded) or in Redis when <c>ConnectionStrings:Redis</c> is set, so every instance
/// draws from one budget. A refused request gets <c>429</c> problem+json
/// (<c>rate_limit.exceeded</c>) with <c>Retry-After</c>; every limited response carries
/// <c>RateLimit-Limit</c>, <c>RateLimit-Remaining</c> and <c>RateLimit-Reset</c> (IETF draft).
/// </summary>
public static class RateLimits
{
    public const string ExceededCode = "rate_limit.exceeded";
    public const string LimitHeader = "RateLimit-Limit";
    public const string RemainingHeader = "RateLimit-Remaining";
    public const string ResetHeader = "RateLimit-Reset";

    private static readonly Meter Meter = new("Orderly.Hosting");
    private static readonly Counter<long> Rejected = Meter.CreateCounter<long>("orderly.rate_limits.rejected", description: "Requests refused with 429, per policy.");
    internal static readonly Counter<long> FailedOpen = Meter.CreateCounter<long>("orderly.rate_limits.failed_open", description: "Requests let through because the limiter store was unreachable, per policy.");

    internal static IHostApplicationBuilder AddRateLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().Bind(builder.Configuration.GetSection(RateLimitOptions.Section))
            .Validate(o => !string.IsNullOrWhiteSpace(o.KeyPrefix) && o.RedisTimeout > TimeSpan.Zero, "RateLimits: KeyPrefix must not be empty and RedisTimeout must be positive.")
            .ValidateOnStart();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<RateLimitStore>();
        builder.Services.AddSingleton<IRateLimitGate, RateLimitGate>();
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = RejectAsync;
        });
        return builder;
    }

    internal static WebApplication UseRateLimits(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<RateLimitOptions>>().Value.Enabled)
        {
            app.UseRateLimiter();
        }
        return app;
    }

    /// <summary>
    /// Declares a named policy for modules to apply with <see cref="WithRateLimit"/>. Its options
    /// come from <c>RateLimits:{name}</c> over <paramref name="defaults"/>.
    /// <paramref name="partitionKey"/> picks the bucket: <see cref="ClientIp"/>, or an API key,
    /// a license key, a customer id. Keys are hashed before they are stored, so a secret used as
    /// a key reaches neither memory dumps of the partition table nor Redis key names.
    /// </summary>
    public static IHostApplicationBuilder AddRateLimitPolicy(this IHostApplicationBuilder builder, string name, Func<HttpContext, string> partitionKey, RateLimitPolicyOptions defaults)
    {
        builder.AddRateLimitBudget(name, defaults);
        builder.Services.AddOptions<RateLimiterOptions>().Configure<RateLimitStore, IOptionsMonitor<RateLimitPolicyOptions>>((o, store, policies) =>
            o.AddPolicy(name, new Policy(name, partitionKey, store, policies.Get(name))));
        return builder;
    }

    /// <summary>
    /// Declares a named budget that an endpoint draws from itself with
    /// <see cref="IRateLimitGate.TryAcquireAsync"/>, for partition keys that are only known once
    /// the body is read (a license key in a JSON body). Options as for <see cref="AddRateLimitPolicy"/>.
    /// </summary>
    public static IHostApplicationBuilder AddRateLimitBudget(this IHostApplicationBuilder builder, string name, RateLimitPolicyOptions defaults)
    {
        builder.Services.AddOptions<RateLimitPolicyOptions>(name)
            .Configure(o => (o.Limit, o.Period, o.Burst) = (defaults.Limit, defaults.Period, defaults.Burst))
            .Bind(builder.Configuration.GetSection($"{RateLimitOptions.Section}:{name}"))
            .Validate(o => o.IsValid, $"{RateLimitOptions.Section}:{name}: Limit and Burst must be positive, Period positive, and Period/Limit at least 1 ms.")
            .ValidateOnStart();
        return builder;
    }

    /// <summary>The <c>429</c> answer (<c>rate_limit.exceeded</c>); the limiter has already written <c>Retry-After</c>.</summary>
    public static ProblemHttpResult Exceeded(IDictionary<string, object?>? extensions = null) =>
        Problems.Create(StatusCodes.Status429TooManyRequests, ExceededCode, "Too many requests.",
            "This client sent too many requests. Retry after the number of seconds in the Retry-After header.", extensions);

    internal static void CountRejected(string policy) => Rejected.Add(1, new KeyValuePair<string, object?>("policy", policy));

    /// <summary>Applies a policy declared with <see cref="AddRateLimitPolicy"/> and documents the 429.</summary>
    public static TBuilder WithRateLimit<TBuilder>(this TBuilder builder, string policy) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireRateLimiting(policy)
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status429TooManyRequests, typeof(ProblemDetails), ["application/problem+json"]));

    /// <summary>
    /// The client's address as the connection reports it. Behind a reverse proxy every request
    /// comes from the proxy, so set <c>Orderly:TrustedProxies</c>: the forwarded headers
    /// middleware then puts the client's address from <c>X-Forwarded-For</c> here.
    /// </summary>
    public static string ClientIp(HttpContext context) => context.Connection.RemoteIpAddress switch
    {
        null => "unknown",
        // A dual-stack socket reports IPv4 clients as ::ffff:a.b.c.d; one client, one bucket.
        { IsIPv4MappedToIPv6: true } address => address.MapToIPv4().ToString(),
        IPAddress address => address.ToString(),
    };

    /// <summary>A partition key safe to hold and to put in a Redis key name: a SHA-256 prefix (128 bits).</summary>
    internal static string HashKey(string partitionKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(partitionKey)).AsSpan(0, 16));

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        CountRejected(http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName ?? "global");
        if (context.Lease.TryGetMetadata(RateLimitDecision.Metadata, out var decision) && decision is not null)
        {
            decision.WriteHeaders(http.Response.Headers);
        }
        await Exceeded(http.GetEndpoint()?.Metadata.GetMetadata<ProblemExtensionsMetadata>()?.For(http)).ExecuteAsync(http);
        if (http.GetEndpoint()?.Metadata.GetMetadata<RateLimitRejectedMetadata>() is { } observer)
        {
            await observer.OnRejected(http, cancellationToken);
        }
    }

    /// <summary>
    /// A policy's partition: the hashed key and its bucket. The middleware caches the bucket per
    /// (policy, key) and drops it once idle.
    /// </summary>
    private sealed class Policy(string name, Func<HttpContext, string> partitionKey, RateLimitStore store, RateLimitPolicyOptions options) : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => null; // the global one: same answer for every policy

        public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
            RateLimitPartition.Get(HashKey(partitionKey(httpContext)), key => store.CreateLimiter(name, key, options));
    }
}

/// <summary>Draws from a budget declared with <see cref="RateLimits.AddRateLimitBudget"/>, from inside an endpoint.</summary>
public interface IRateLimitGate
{
    /// <summary>
    /// Takes one permit from <paramref name="partitionKey"/>'s bucket of <paramref name="budget"/>.
    /// False: answer <see cref="RateLimits.Exceeded"/> (the RateLimit-* and Retry-After headers are
    /// already on the response). Always true when rate limiting is off.
    /// </summary>
    ValueTask<bool> TryAcquireAsync(string budget, string partitionKey, CancellationToken cancellationToken);
}

internal sealed class RateLimitGate(RateLimitStore store, IOptionsMonitor<RateLimitPolicyOptions> policies) : IRateLimitGate, IDisposable
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, PartitionedRateLimiter<string>> _budgets = new(StringComparer.Ordinal);

    public async ValueTask<bool> TryAcquireAsync(string budget, string partitionKey, CancellationToken cancellationToken)
    {
        if (!store.Options.Enabled)
        {
            return true;
        }
        var limiter = _budgets.GetOrAdd(budget, name =>
        {
            var options = policies.Get(name);
            return PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.Get(key, hashed => store.CreateLimiter(name, hashed, options)));
        });
        using var lease = await limiter.AcquireAsync(RateLimits.HashKey(partitionKey), 1, cancellationToken);
        if (!lease.IsAcquired)
        {
            RateLimits.CountRejected(budget);
        }
        return lease.IsAcquired;
    }

    public void Dispose()
    {
        foreach (var limiter in _budgets.Values)
        {
            limiter.Dispose();
        }
    }
}

/// <summary>
/// Endpoint metadata: what to do after the rate limiter refused a request of these endpoints (the
/// reseller API records the 429 in its request log). Runs after the answer is written.
/// </summary>
public sealed class RateLimitRejectedMetadata(Func<HttpContext, CancellationToken, Task> onRejected)
{
    public Func<HttpContext, CancellationToken, Task> OnRejected { get; } = onRejected;
}
