namespace Orderly.Inventory;

/// <summary>Bound to the "Inventory" section.</summary>
public sealed class InventoryOptions
{
    public const string Section = "Inventory";

    /// <summary>How long checkout holds stock for an unpaid order. Default 15 min.</summary>
    public TimeSpan ReservationTtl { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often expired reservations are swept back into stock. Default 30 s.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// With ConnectionStrings:Redis set: hold stock in Redis counters before the database (a
    /// sold-out product is refused without a database write). Default true.
    /// </summary>
    public bool RedisCounters { get; set; } = true;

    /// <summary>Prefix of the Redis keys of the stock counters. Default "orderly:".</summary>
    public string RedisKeyPrefix { get; set; } = "orderly:";

    /// <summary>How often Redis counters are reset from the database. Default 10 s.</summary>
    public TimeSpan CounterReconcileInterval { get; set; } = TimeSpan.FromSeconds(10);
}
