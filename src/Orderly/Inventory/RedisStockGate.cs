using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Orderly.Hosting;
using Orderly.Inventory.Contracts;
using StackExchange.Redis;

namespace Orderly.Inventory;

/// <summary>
/// Stock counters in Redis in front of the database (scale-out). A Lua script checks and holds
/// every line of an order atomically, with an expiry: a sold-out product is refused at Redis
/// speed, and instances rarely collide on the database's stock row. The database stays the
/// source of truth and its guarded UPDATE the rule, so nothing here can oversell:
/// <list type="bullet">
/// <item>a missing counter (first use, Redis flushed or restarted) is loaded from the database;</item>
/// <item>Redis unreachable: every checkout asks the database directly, as in embedded mode;</item>
/// <item>a counter that says "short" is checked against the database before anyone is turned
/// away (it may have missed a release or a restock), and reset from it;</item>
/// <item>a hold lives only as long as a checkout can take (<see cref="HoldLifetime"/>): the holds of
/// a crashed instance go back to the counter; every counter is reset from the database every
/// <see cref="InventoryOptions.CounterReconcileInterval"/>.</item>
/// </list>
/// </summary>
internal sealed partial class RedisStockGate(IConnectionMultiplexer redis, IServiceScopeFactory scopes, TimeProvider time, IOptions<InventoryOptions> options, ILogger<RedisStockGate> logger) : IStockGate
{
    private static readonly Meter Meter = new("Orderly.Inventory");
    private static readonly Counter<long> Decisions = Meter.CreateCounter<long>("orderly.inventory.gate_decisions", description: "Stock gate answers by result (held, ask, short, unavailable).");

    // KEYS: per line (counter, holds zset, hold quantities hash). ARGV: now ms, expiry ms, order id, quantities.
    // Expired holds are returned first, then every line is checked, then every line held.
    private const string HoldScript = """
        local lines = #KEYS / 3
        local now = tonumber(ARGV[1])
        for i = 0, lines - 1 do
          local counter, holds, quantities = KEYS[i*3+1], KEYS[i*3+2], KEYS[i*3+3]
          local expired = redis.call('ZRANGEBYSCORE', holds, '-inf', now)
          for _, id in ipairs(expired) do
            local q = redis.call('HGET', quantities, id)
            if q and redis.call('EXISTS', counter) == 1 then redis.call('INCRBY', counter, q) end
            redis.call('HDEL', quantities, id)
          end
          if #expired > 0 then redis.call('ZREMRANGEBYSCORE', holds, '-inf', now) end
        end
        for i = 0, lines - 1 do
          local value = redis.call('GET', KEYS[i*3+1])
          if not value then return {0, i} end
          if tonumber(value) < tonumber(ARGV[4+i]) then return {-1, i, tonumber(value)} end
        end
        for i = 0, lines - 1 do
          redis.call('DECRBY', KEYS[i*3+1], ARGV[4+i])
          redis.call('ZADD', KEYS[i*3+2], ARGV[2], ARGV[3])
          redis.call('HSET', KEYS[i*3+3], ARGV[3], ARGV[4+i])
        end
        return {1}
        """;

    // ARGV: order id, quantities, 1 = confirm / 0 = release. A hold already expired and returned
    // by the sweep is taken again on confirm (the database did reserve it).
    private const string SettleScript = """
        local lines = #KEYS / 3
        local confirm = ARGV[#ARGV] == '1'
        for i = 0, lines - 1 do
          local counter, holds, quantities = KEYS[i*3+1], KEYS[i*3+2], KEYS[i*3+3]
          local held = redis.call('HDEL', quantities, ARGV[1]) == 1
          redis.call('ZREM', holds, ARGV[1])
          if redis.call('EXISTS', counter) == 1 then
            if confirm and not held then redis.call('DECRBY', counter, ARGV[2+i]) end
            if not confirm and held then redis.call('INCRBY', counter, ARGV[2+i]) end
          end
        end
        return 1
        """;

    // KEYS: counter, hold quantities hash. ARGV: available in the database. Outstanding holds are
    // not in the database yet, so they stay subtracted.
    private const string ResetScript = """
        local held = 0
        for _, q in ipairs(redis.call('HVALS', KEYS[2])) do held = held + tonumber(q) end
        redis.call('SET', KEYS[1], tonumber(ARGV[1]) - held)
        return held
        """;

    /// <summary>
    /// A hold spans one checkout (gate → database commit → confirm or release), seconds at most.
    /// The 15-minute reservation itself lives in the database.
    /// </summary>
    public static readonly TimeSpan HoldLifetime = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<Guid, bool> _counted = new();
    private readonly LogThrottle _warnings = new(time, TimeSpan.FromSeconds(30));

    /// <summary>Products whose counters this instance has loaded (the reconciler resets them).</summary>
    public IReadOnlyCollection<Guid> Counted => _counted.Where(c => c.Value).Select(c => c.Key).ToList();

    public async ValueTask<GateDecision> TryHoldAsync(Guid orderId, IReadOnlyList<StockRequest> lines, CancellationToken cancellationToken)
    {
        var counted = StockRules.Normalize(lines).Where(l => _counted.GetValueOrDefault(l.ProductId, true)).ToList();
        if (counted.Count == 0)
        {
            return Count(new GateDecision.Ask(), "ask");
        }
        if (!redis.IsConnected)
        {
            // Do not wait out a timeout per buyer while Redis is away: the database decides alone.
            return Count(new GateDecision.Ask(), "unavailable");
        }
        try
        {
            for (var attempt = 0; attempt < 3; attempt++)
            {
                var now = time.GetUtcNow().ToUnixTimeMilliseconds();
                var expiresAt = now + (long)HoldLifetime.TotalMilliseconds;
                var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(HoldScript, Keys(counted),
                    [now, expiresAt, orderId.ToString(), .. counted.Select(l => (RedisValue)l.Quantity)]))!;
                switch ((int)result[0])
                {
                    case 1:
                        return Count(new GateDecision.Held(), "held");
                    case 0:
                        // No counter yet (first use, or Redis lost its data): load it and try again.
                        if (!await LoadAsync(counted[(int)result[1]].ProductId, cancellationToken))
                        {
                            counted.RemoveAt((int)result[1]);
                            if (counted.Count == 0)
                            {
                                return Count(new GateDecision.Ask(), "ask");
                            }
                        }
                        continue;
                    default:
                        var line = counted[(int)result[1]];
                        return await ConfirmShortAsync(line, cancellationToken);
                }
            }
            return Count(new GateDecision.Ask(), "ask");
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            Warn(ex);
            return Count(new GateDecision.Ask(), "unavailable");
        }
    }

    public ValueTask ConfirmAsync(Guid orderId, IReadOnlyList<StockRequest> lines) => SettleAsync(orderId, lines, confirm: true);

    public ValueTask ReleaseAsync(Guid orderId, IReadOnlyList<StockRequest> lines) => SettleAsync(orderId, lines, confirm: false);

    public async ValueTask ReconcileAsync(Guid productId, CancellationToken cancellationToken)
    {
        if (!redis.IsConnected)
        {
            return;
        }
        try
        {
            if (await CountedLevelsAsync(productId, cancellationToken) is { } levels)
            {
                await redis.GetDatabase().ScriptEvaluateAsync(ResetScript, [CounterKey(productId), QuantitiesKey(productId)], [levels.Available]);
            }
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            Warn(ex);
        }
    }

    /// <summary>The counter says short; the database decides whether the buyer is turned away.</summary>
    private async Task<GateDecision> ConfirmShortAsync(StockRequest line, CancellationToken cancellationToken)
    {
        var levels = await ReadLevelsAsync(line.ProductId, cancellationToken);
        if (levels is not null && !StockRules.CanReserve(levels.Available, levels.Unlimited, line.Quantity))
        {
            return Count(new GateDecision.SoldOut(line.Sku, line.Quantity, levels.Available), "short");
        }
        await ReconcileAsync(line.ProductId, cancellationToken);
        return Count(new GateDecision.Ask(), "ask");
    }

    /// <summary>Loads a missing counter from the database. False when the product is not counted.</summary>
    private async Task<bool> LoadAsync(Guid productId, CancellationToken cancellationToken)
    {
        if (await CountedLevelsAsync(productId, cancellationToken) is not { } levels)
        {
            return false;
        }
        await redis.GetDatabase().ScriptEvaluateAsync(
            "if redis.call('EXISTS', KEYS[1]) == 0 then return redis.call('SET', KEYS[1], ARGV[1]) end return 0",
            [CounterKey(productId)], [levels.Available]);
        return true;
    }

    /// <summary>
    /// The database's levels of a product the gate counts, remembering the answer: untracked or
    /// unlimited products (generated codes) have nothing to count, and are never asked about again.
    /// </summary>
    private async Task<StockLevels?> CountedLevelsAsync(Guid productId, CancellationToken cancellationToken)
    {
        var levels = await ReadLevelsAsync(productId, cancellationToken);
        var counted = levels is { Unlimited: false };
        _counted[productId] = counted;
        return counted ? levels : null;
    }

    private async ValueTask SettleAsync(Guid orderId, IReadOnlyList<StockRequest> lines, bool confirm)
    {
        var counted = StockRules.Normalize(lines).Where(l => _counted.GetValueOrDefault(l.ProductId)).ToList();
        if (counted.Count == 0 || !redis.IsConnected)
        {
            // Away: the hold expires by itself and the reconciler resets the counter.
            return;
        }
        try
        {
            await redis.GetDatabase().ScriptEvaluateAsync(SettleScript, Keys(counted),
                [orderId.ToString(), .. counted.Select(l => (RedisValue)l.Quantity), confirm ? 1 : 0]);
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            // The hold expires by itself and the reconciler resets the counter.
            Warn(ex);
        }
    }

    private async Task<StockLevels?> ReadLevelsAsync(Guid productId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IStockLedger>().GetLevelsAsync(productId, cancellationToken);
    }

    private RedisKey[] Keys(IReadOnlyList<StockRequest> lines) =>
        lines.SelectMany(l => new[] { CounterKey(l.ProductId), HoldsKey(l.ProductId), QuantitiesKey(l.ProductId) }).ToArray();

    // One hash tag for all stock keys: a multi-line script touches keys of one cluster slot.
    private RedisKey CounterKey(Guid productId) => $"{options.Value.RedisKeyPrefix}{{stock}}:{productId:N}:available";

    private RedisKey HoldsKey(Guid productId) => $"{options.Value.RedisKeyPrefix}{{stock}}:{productId:N}:holds";

    private RedisKey QuantitiesKey(Guid productId) => $"{options.Value.RedisKeyPrefix}{{stock}}:{productId:N}:held";

    private static GateDecision Count(GateDecision decision, string result)
    {
        Decisions.Add(1, new KeyValuePair<string, object?>("result", result));
        return decision;
    }

    /// <summary>Redis is away (or going away): the caller carries on without the gate.</summary>
    private static bool IsUnavailable(Exception ex) => ex is RedisException or TimeoutException or ObjectDisposedException;

    // At most one warning per 30 s while Redis is away, not one per buyer.
    private void Warn(Exception ex)
    {
        if (_warnings.ShouldLog())
        {
            LogRedisUnavailable(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis stock counters unavailable; checkouts ask the database directly until it is back.")]
    private static partial void LogRedisUnavailable(ILogger logger, Exception exception);
}

/// <summary>Resets every counter this instance loaded from the database, on an interval.</summary>
internal sealed class StockCounterReconciler(RedisStockGate gate, TimeProvider time, IOptions<InventoryOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CounterReconcileInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var productId in gate.Counted)
            {
                await gate.ReconcileAsync(productId, stoppingToken);
            }
        }
    }
}

/// <summary>Embedded mode: no gate; the database decides every checkout.</summary>
internal sealed class NoStockGate : IStockGate
{
    private static readonly GateDecision Ask = new GateDecision.Ask();

    public ValueTask<GateDecision> TryHoldAsync(Guid orderId, IReadOnlyList<StockRequest> lines, CancellationToken cancellationToken) => ValueTask.FromResult(Ask);

    public ValueTask ConfirmAsync(Guid orderId, IReadOnlyList<StockRequest> lines) => ValueTask.CompletedTask;

    public ValueTask ReleaseAsync(Guid orderId, IReadOnlyList<StockRequest> lines) => ValueTask.CompletedTask;

    public ValueTask ReconcileAsync(Guid productId, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
