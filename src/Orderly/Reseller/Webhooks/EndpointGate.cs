using System.Collections.Concurrent;
using StackExchange.Redis;

namespace Orderly.Reseller.Webhooks;

/// <summary>
/// The per-endpoint concurrency cap of webhook deliveries: at most <c>limit</c> requests in flight
/// to one subscription. In process by default (embedded: one instance); across every instance when
/// Redis is configured (<see cref="RedisEndpointGate"/>).
/// </summary>
internal interface IEndpointGate
{
    /// <summary>Waits for a slot; dispose the result to give it back. <paramref name="hold"/>: the longest a slot may be held (a crashed holder's slot frees itself after it).</summary>
    Task<IAsyncDisposable> EnterAsync(Guid subscriptionId, int limit, TimeSpan hold, CancellationToken cancellationToken);
}

/// <summary>One semaphore per subscription, in this process.</summary>
internal sealed class InProcessEndpointGate : IEndpointGate
{
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _perEndpoint = new();

    public async Task<IAsyncDisposable> EnterAsync(Guid subscriptionId, int limit, TimeSpan hold, CancellationToken cancellationToken)
    {
        var gate = _perEndpoint.GetOrAdd(subscriptionId, _ => new SemaphoreSlim(Math.Max(1, limit)));
        await gate.WaitAsync(cancellationToken);
        return new Slot(() => gate.Release());
    }

    internal sealed class Slot(Action release) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                release();
            }
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>
/// A counting semaphore in Redis shared by all instances: a sorted set per subscription whose
/// members are the held slots, scored by when each expires. Taking a slot first drops expired
/// members, then adds one only while fewer than the limit remain — atomically, in one script that
/// reads Redis's own clock, so instances' clocks do not matter. While Redis is unreachable the cap
/// falls back to this instance's semaphore (deliveries go on, capped per instance as before).
/// </summary>
internal sealed partial class RedisEndpointGate(IConnectionMultiplexer redis, InProcessEndpointGate fallback, TimeProvider time, ILogger<RedisEndpointGate> logger) : IEndpointGate
{
    public const string KeyPrefix = "orderly:webhooks:inflight:";
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(50);

    // KEYS[1] the set; ARGV[1] limit, ARGV[2] hold (ms), ARGV[3] slot id. 1 when taken, else 0.
    private const string TakeScript = """
        local now = redis.call('TIME')
        local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', nowMs)
        if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
          redis.call('ZADD', KEYS[1], nowMs + tonumber(ARGV[2]), ARGV[3])
          redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
          return 1
        end
        return 0
        """;

    public async Task<IAsyncDisposable> EnterAsync(Guid subscriptionId, int limit, TimeSpan hold, CancellationToken cancellationToken)
    {
        RedisKey key = KeyPrefix + subscriptionId.ToString("N");
        var slot = Guid.CreateVersion7(time.GetUtcNow()).ToString("N");
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if ((int)await redis.GetDatabase().ScriptEvaluateAsync(TakeScript, [key], [limit, (long)hold.TotalMilliseconds, slot]) == 1)
                {
                    return new InProcessEndpointGate.Slot(() => _ = ReleaseAsync(key, slot));
                }
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                LogFallback(ex, subscriptionId);
                return await fallback.EnterAsync(subscriptionId, limit, hold, cancellationToken);
            }
            await Task.Delay(RetryDelay, time, cancellationToken);
        }
    }

    private async Task ReleaseAsync(RedisKey key, string slot)
    {
        try
        {
            await redis.GetDatabase().SortedSetRemoveAsync(key, slot);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The slot expires by itself when its hold runs out.
            LogReleaseFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis unreachable: the webhook concurrency cap of subscription {SubscriptionId} holds for this instance only")]
    private partial void LogFallback(Exception exception, Guid subscriptionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A webhook concurrency slot could not be given back to Redis; it expires by itself")]
    private partial void LogReleaseFailed(Exception exception);
}
