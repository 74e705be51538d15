namespace Orderly.Inventory.Contracts;

/// <summary>
/// A fast check-and-hold in front of the database for hot products (scale-out: Redis counters).
/// It only ever says "go on" or "probably not": the database's guarded UPDATE stays the rule, so
/// a lost or stale counter can cost a wasted attempt, never an oversell.
/// </summary>
public interface IStockGate
{
    /// <summary>Holds the order's quantities, or says which line is short. Never throws for an unavailable gate.</summary>
    ValueTask<GateDecision> TryHoldAsync(Guid orderId, IReadOnlyList<StockRequest> lines, CancellationToken cancellationToken);

    /// <summary>The database reserved the order: the hold becomes the counter's permanent decrement.</summary>
    ValueTask ConfirmAsync(Guid orderId, IReadOnlyList<StockRequest> lines);

    /// <summary>The order was not written: give the held quantities back.</summary>
    ValueTask ReleaseAsync(Guid orderId, IReadOnlyList<StockRequest> lines);

    /// <summary>Resets a product's counter from the database (after the gate said short but the database had stock).</summary>
    ValueTask ReconcileAsync(Guid productId, CancellationToken cancellationToken);
}

public abstract record GateDecision
{
    /// <summary>Held; confirm or release it once the database decided.</summary>
    public sealed record Held : GateDecision;

    /// <summary>The gate cannot tell (not configured, product not counted, Redis unreachable): ask the database.</summary>
    public sealed record Ask : GateDecision;

    /// <summary>This line does not fit: the counter said so and the database agreed.</summary>
    public sealed record SoldOut(string Sku, int Requested, int Available) : GateDecision;
}
