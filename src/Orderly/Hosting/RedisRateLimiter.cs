using System.Threading.RateLimiting;
using StackExchange.Redis;

namespace Orderly.Hosting;

/// <summary>
/// One partition's bucket in Redis, shared by every instance. Each acquire is one round trip: a
/// Lua script that reads, decides and writes atomically, so two instances can never both spend
/// the last permit. There is no rate limiter package for Redis among our dependencies, and the
/// algorithm fits in a dozen lines, hence our own script.
/// </summary>
internal sealed class RedisRateLimiter(RateLimitStore store, IConnectionMultiplexer redis, string policy, RedisKey key, RateLimitPolicyOptions options)
    : DecidingRateLimiter(store.Http)
{
    // GCRA (the generic cell rate algorithm, a token bucket kept as one number): the key holds the
    // "theoretical arrival time" (TAT) in microseconds; the bucket is full when TAT <= now and
    // empty when TAT - now reaches burst * interval. Time is Redis's own clock, so instances with
    // skewed clocks still agree. The key expires when the bucket is full again, so idle clients
    // cost no memory. Integers throughout: Lua numbers are doubles, exact up to 2^53 µs (285 years).
    // Returns {admitted (1/0), remaining, reset µs, retry-after µs}.
    private const string Script = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        local interval = tonumber(ARGV[1])
        local capacity = tonumber(ARGV[2]) * interval
        local tat = tonumber(redis.call('GET', KEYS[1]) or now)
        if tat < now then tat = now end
        local new_tat = tat + tonumber(ARGV[3]) * interval
        if new_tat - now > capacity then
          return {0, math.floor((capacity - (tat - now)) / interval), tat - now, new_tat - now - capacity}
        end
        redis.call('SET', KEYS[1], string.format('%d', new_tat), 'PX', string.format('%d', math.ceil((new_tat - now) / 1000)))
        return {1, math.floor((capacity - (new_tat - now)) / interval), new_tat - now, 0}
        """;

    private readonly long _intervalMicroseconds = Math.Max(1, (long)Math.Ceiling(options.Interval.Ticks / (double)TimeSpan.TicksPerMicrosecond));
    private long _lastUsed = store.Time.GetTimestamp();

    public override TimeSpan? IdleDuration => store.Time.GetElapsedTime(Interlocked.Read(ref _lastUsed));
    public override bool IsAutoReplenishing => true; // Redis refills by time, nothing to drive
    public override TimeSpan ReplenishmentPeriod => options.Interval;
    public override bool TryReplenish() => false;
    public override RateLimiterStatistics? GetStatistics() => null;

    // The middleware tries a synchronous acquire first and, when it is refused, the asynchronous
    // one. Redis cannot answer synchronously without blocking a thread, so decline here.
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => Undecided;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _lastUsed, store.Time.GetTimestamp());
        // Fail open: a store must keep selling while its limiter is down. Rate limits protect
        // against abuse at the margin; refusing every buyer during a Redis outage would be the
        // outage. Without a connection, don't even wait for the timeout.
        if (!redis.IsConnected)
        {
            store.FailedOpen(policy, null);
            return Unmetered;
        }
        try
        {
            var result = (RedisResult[])(await redis.GetDatabase()
                .ScriptEvaluateAsync(Script, [key], [_intervalMicroseconds, options.Burst, permitCount])
                .WaitAsync(store.Options.RedisTimeout, store.Time, cancellationToken))!;
            return Answer(new RateLimitDecision(
                Allowed: (long)result[0] == 1,
                Limit: options.Burst,
                Remaining: (int)(long)result[1],
                Reset: TimeSpan.FromMicroseconds((long)result[2]),
                RetryAfter: TimeSpan.FromMicroseconds((long)result[3])));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            store.FailedOpen(policy, ex);
            return Unmetered;
        }
    }

    private static RateLimitLease Undecided { get; } = new UndecidedLease();

    private sealed class UndecidedLease : RateLimitLease
    {
        public override bool IsAcquired => false;
        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
