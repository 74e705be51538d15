using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Orderly.Hosting;

/// <summary>What one acquire decided, in the units of the IETF RateLimit header fields draft.</summary>
/// <param name="Limit">The bucket size (burst).</param>
/// <param name="Remaining">Permits left after this request.</param>
/// <param name="Reset">Until the bucket is full again.</param>
/// <param name="RetryAfter">Until this request would have been admitted (only meaningful when refused).</param>
internal sealed record RateLimitDecision(bool Allowed, int Limit, int Remaining, TimeSpan Reset, TimeSpan RetryAfter)
{
    public static readonly MetadataName<RateLimitDecision> Metadata = new("orderly.rate_limit_decision");

    public void WriteHeaders(IHeaderDictionary headers)
    {
        headers[RateLimits.LimitHeader] = Limit.ToString(CultureInfo.InvariantCulture);
        headers[RateLimits.RemainingHeader] = Math.Max(0, Remaining).ToString(CultureInfo.InvariantCulture);
        headers[RateLimits.ResetHeader] = Seconds(Reset).ToString(CultureInfo.InvariantCulture);
        if (!Allowed)
        {
            // At least one second: "Retry-After: 0" invites a client to hammer in a loop.
            headers.RetryAfter = Math.Max(1, Seconds(RetryAfter)).ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Whole seconds, rounded up: a client that waits that long is not refused for being early.</summary>
    public static long Seconds(TimeSpan duration) => duration <= TimeSpan.Zero ? 0 : (long)Math.Ceiling(duration.TotalSeconds);
}

/// <summary>
/// The lease handed to the middleware. It carries the decision for the rejection answer, and
/// writes the RateLimit-* headers on the current response, because the middleware gives an
/// admitted request's lease to nobody.
/// </summary>
internal abstract class DecidingRateLimiter(IHttpContextAccessor http) : ReplenishingRateLimiter
{
    protected RateLimitLease Answer(RateLimitDecision decision)
    {
        if (http.HttpContext is { Response.HasStarted: false } context)
        {
            decision.WriteHeaders(context.Response.Headers);
        }
        return new DecidedLease(decision.Allowed, decision);
    }

    /// <summary>Admitted without a decision (the store is unreachable): no headers, since nothing is known.</summary>
    protected static RateLimitLease Unmetered { get; } = new DecidedLease(true, null);

    private sealed class DecidedLease(bool acquired, RateLimitDecision? decision) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => decision is null ? [] : acquired
            ? [RateLimitDecision.Metadata.Name]
            : [RateLimitDecision.Metadata.Name, MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = decision is null ? null : metadataName switch
            {
                _ when metadataName == RateLimitDecision.Metadata.Name => decision,
                _ when metadataName == MetadataName.RetryAfter.Name && !acquired => decision.RetryAfter,
                _ => null,
            };
            return metadata is not null;
        }
    }
}

/// <summary>
/// One partition's bucket in this process: the built-in <see cref="TokenBucketRateLimiter"/>,
/// refilled by the partitioned limiter's timer (not one timer per partition).
/// </summary>
internal sealed class MemoryRateLimiter(RateLimitPolicyOptions options, IHttpContextAccessor http) : DecidingRateLimiter(http)
{
    private readonly TokenBucketRateLimiter _bucket = new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = options.Burst,
        TokensPerPeriod = 1,
        ReplenishmentPeriod = options.Interval,
        QueueLimit = 0, // answer at once; a queued HTTP request only holds a connection longer
        AutoReplenishment = false,
    });

    public override TimeSpan? IdleDuration => _bucket.IdleDuration;
    public override bool IsAutoReplenishing => false;
    public override TimeSpan ReplenishmentPeriod => _bucket.ReplenishmentPeriod;
    public override bool TryReplenish() => _bucket.TryReplenish();
    public override RateLimiterStatistics? GetStatistics() => _bucket.GetStatistics();

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => Decide(permitCount);

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) => ValueTask.FromResult(Decide(permitCount));

    private RateLimitLease Decide(int permitCount)
    {
        using var lease = _bucket.AttemptAcquire(permitCount);
        var remaining = (int)(_bucket.GetStatistics()?.CurrentAvailablePermits ?? 0);
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : options.Interval;
        // The bucket does not say how far it is into the next interval, so Reset may be up to
        // one interval long; never short.
        return Answer(new RateLimitDecision(lease.IsAcquired, options.Burst, remaining, (options.Burst - remaining) * options.Interval, retryAfter));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _bucket.Dispose();
        }
        base.Dispose(disposing);
    }
}

/// <summary>
/// Makes each partition's limiter: in Redis when <c>ConnectionStrings:Redis</c> is set (every
/// instance shares one budget), in memory otherwise.
/// </summary>
internal sealed partial class RateLimitStore(IServiceProvider services, IOptions<RateLimitOptions> options, IHttpContextAccessor http, TimeProvider time, ILogger<RateLimitStore> logger)
{
    private readonly IConnectionMultiplexer? _redis = services.GetService<IConnectionMultiplexer>();
    private readonly LogThrottle _warnings = new(time, TimeSpan.FromMinutes(1));

    public RateLimitOptions Options => options.Value;
    public IHttpContextAccessor Http => http;
    public TimeProvider Time => time;

    public RateLimiter CreateLimiter(string policy, string hashedKey, RateLimitPolicyOptions policyOptions) => _redis is null
        ? new MemoryRateLimiter(policyOptions, http)
        : new RedisRateLimiter(this, _redis, policy, $"{Options.KeyPrefix}{policy}:{hashedKey}", policyOptions);

    /// <summary>Counts a request let through unmetered, and warns at most once a minute so an outage does not flood the log.</summary>
    public void FailedOpen(string policy, Exception? exception)
    {
        RateLimits.FailedOpen.Add(1, new KeyValuePair<string, object?>("policy", policy));
        if (_warnings.ShouldLog())
        {
            LogFailedOpen(policy, exception?.GetType().Name ?? "not connected", exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate limit store unreachable ({Reason}): requests under policy {Policy} are let through unmetered (logged at most once a minute)")]
    private partial void LogFailedOpen(string policy, string reason, Exception? exception);
}
