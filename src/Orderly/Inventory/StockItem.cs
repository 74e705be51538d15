namespace Orderly.Inventory;

/// <summary>Stock counters of one product. Changed only by conditional updates (see StockLedger).</summary>
internal sealed class StockItem
{
    public Guid ProductId { get; set; }
    public required string Sku { get; set; }
    public int Available { get; set; }
    public int Reserved { get; set; }
    public int Allocated { get; set; }
    public int Received { get; set; }
    /// <summary>Generated codes: no ceiling, only reserved/allocated are counted.</summary>
    public bool Unlimited { get; set; }
    public int LowStockThreshold { get; set; }
    public bool LowAlerted { get; set; }
    public bool DepletedAlerted { get; set; }
}

internal enum ReservationStatus
{
    Active = 0,
    Committed = 1,
    Released = 2,
}

/// <summary>An expiring hold of stock for one order line (kept apart from the committed allocation).</summary>
internal sealed class Reservation
{
    public Guid Id { get; set; }
    public Guid OrderId { get; set; }
    public Guid ProductId { get; set; }
    public int Quantity { get; set; }
    public ReservationStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? ClosedAt { get; set; }
}

/// <summary>Pure decisions the ledger's SQL mirrors; unit-tested without a database.</summary>
internal static class StockRules
{
    /// <summary>A reservation succeeds iff it fits in available stock (or the product is unlimited).</summary>
    public static bool CanReserve(int available, bool unlimited, int quantity) =>
        quantity > 0 && (unlimited || available >= quantity);

    /// <summary>Alert once when available falls to or below the threshold; re-arm when it rises above.</summary>
    public static bool ShouldAlertLow(int available, int threshold, bool alreadyAlerted) =>
        threshold > 0 && available <= threshold && !alreadyAlerted;

    public static bool ShouldAlertDepleted(int available, bool alreadyAlerted) => available == 0 && !alreadyAlerted;

    /// <summary>Merges repeated SKUs and orders lines by product id, so locks are always taken in one order.</summary>
    public static IReadOnlyList<Contracts.StockRequest> Normalize(IEnumerable<Contracts.StockRequest> lines) =>
        lines.GroupBy(l => l.ProductId)
            .Select(g => new Contracts.StockRequest(g.Key, g.First().Sku, g.Sum(l => l.Quantity)))
            .OrderBy(l => l.ProductId)
            .ToList();
}
