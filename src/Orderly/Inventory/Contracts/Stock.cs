using Orderly.Messaging;

namespace Orderly.Inventory.Contracts;

/// <summary>One product and quantity to reserve or allocate.</summary>
public sealed record StockRequest(Guid ProductId, string Sku, int Quantity);

/// <summary>Counters of one product. available + reserved + allocated = received (for pooled stock).</summary>
public sealed record StockLevels(string Sku, int Available, int Reserved, int Allocated, int Received, bool Unlimited, int LowStockThreshold);

/// <summary>One order's lines in a batch reservation.</summary>
/// <param name="HoldFor">How long the reservation holds; null: <c>Inventory:ReservationTtl</c>.</param>
public sealed record StockOrder(Guid OrderId, IReadOnlyList<StockRequest> Lines, TimeSpan? HoldFor = null);

/// <summary>What <see cref="IStockLedger.PrepareReservationsAsync"/> decided: one outcome per order, in list order.</summary>
public sealed record PreparedReservations(IReadOnlyList<ReserveOutcome> Outcomes, IReadOnlyDictionary<Guid, int> TakenPerProduct);

public abstract record ReserveOutcome
{
    public sealed record Reserved(DateTime ExpiresAt) : ReserveOutcome;
    public sealed record InsufficientStock(string Sku, int Requested, int Available) : ReserveOutcome;
}

/// <summary>
/// The inventory seam used by checkout, catalog, keys and fulfillment. Every method joins the
/// caller's unit of work and transaction; reservations are conditional updates, never read-then-write.
/// </summary>
public interface IStockLedger
{
    /// <summary>Starts tracking a new product (adds to the caller's unit of work).</summary>
    void Track(Guid productId, string sku, int lowStockThreshold, bool unlimited);

    /// <summary>
    /// First half of a reservation (group commit at checkout): reads the counters once, decides
    /// every order in list order (each whole or not at all) and adds the reservations of the
    /// accepted ones to the caller's unit of work. Takes no lock, so the caller can write its own
    /// rows before <see cref="ApplyReservationsAsync"/> takes the stock rows' locks.
    /// </summary>
    Task<PreparedReservations> PrepareReservationsAsync(IReadOnlyList<StockOrder> orders, CancellationToken cancellationToken);

    /// <summary>
    /// Second half: one guarded UPDATE per product. False when stock changed since the read and
    /// no longer fits: the caller must roll its transaction back and prepare again on a fresh read.
    /// Call it last before commit, so the stock rows stay locked for as short a time as possible.
    /// </summary>
    Task<bool> ApplyReservationsAsync(PreparedReservations prepared, CancellationToken cancellationToken);

    /// <summary>New units arrived (keys imported, goods received).</summary>
    Task ReceiveAsync(Guid productId, int quantity, CancellationToken cancellationToken);

    /// <summary>Turns the order's active reservations into allocations. False when none was active (expired).</summary>
    Task<bool> CommitReservationsAsync(Guid orderId, CancellationToken cancellationToken);

    /// <summary>Allocates directly (a payment arrived after its reservation expired). False when stock ran out.</summary>
    Task<bool> AllocateAsync(Guid orderId, StockRequest line, CancellationToken cancellationToken);

    /// <summary>Returns an order's active reservations to available stock.</summary>
    Task<int> ReleaseReservationsAsync(Guid orderId, CancellationToken cancellationToken);

    Task<StockLevels?> GetLevelsAsync(Guid productId, CancellationToken cancellationToken);
}

/// <summary>Available stock fell to or below the product's threshold (once per crossing).</summary>
[WireName("inventory.stock_low")]
public sealed record StockLow(Guid ProductId, string Sku, int Available, int Threshold);

/// <summary>Available stock reached zero (once per crossing).</summary>
[WireName("inventory.stock_depleted")]
public sealed record StockDepleted(Guid ProductId, string Sku);

/// <summary>An unpaid order's reservation ran out and its stock went back on sale.</summary>
[WireName("inventory.reservation_expired")]
public sealed record ReservationExpired(Guid OrderId);
