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

    /// <summary>
    /// Decides a batch of orders against one read of the counters, in arrival order: an order is
    /// reserved whole if every line fits in what the orders before it left, else refused whole
    /// (nothing of it is taken). Returns each order's outcome and the total taken per product,
    /// which the ledger then applies with one guarded UPDATE per product.
    /// </summary>
    public static BatchDecision Allocate(IReadOnlyDictionary<Guid, StockCounter> counters, IReadOnlyList<IReadOnlyList<Contracts.StockRequest>> orders)
    {
        var remaining = counters.ToDictionary(c => c.Key, c => c.Value.Available);
        var taken = new Dictionary<Guid, int>();
        var refusals = new Contracts.ReserveOutcome.InsufficientStock?[orders.Count];
        for (var i = 0; i < orders.Count; i++)
        {
            var lines = Normalize(orders[i]);
            var short_ = lines.FirstOrDefault(l => !counters.TryGetValue(l.ProductId, out var c) || !CanReserve(remaining[l.ProductId], c.Unlimited, l.Quantity));
            if (short_ is not null)
            {
                refusals[i] = new Contracts.ReserveOutcome.InsufficientStock(short_.Sku, short_.Quantity, remaining.GetValueOrDefault(short_.ProductId));
                continue;
            }
            foreach (var line in lines)
            {
                if (!counters[line.ProductId].Unlimited)
                {
                    remaining[line.ProductId] -= line.Quantity;
                }
                taken[line.ProductId] = taken.GetValueOrDefault(line.ProductId) + line.Quantity;
            }
        }
        return new BatchDecision(refusals, taken);
    }

    /// <summary>Merges repeated SKUs and orders lines by product id, so locks are always taken in one order.</summary>
    public static IReadOnlyList<Contracts.StockRequest> Normalize(IEnumerable<Contracts.StockRequest> lines) =>
        lines.GroupBy(l => l.ProductId)
            .Select(g => new Contracts.StockRequest(g.Key, g.First().Sku, g.Sum(l => l.Quantity)))
            .OrderBy(l => l.ProductId)
            .ToList();
}

/// <summary>What one read of a product's counters says (input of <see cref="StockRules.Allocate"/>).</summary>
internal readonly record struct StockCounter(int Available, bool Unlimited);

/// <summary>
/// <see cref="Refusals"/>[i] is null when order i is reserved; <see cref="Taken"/> is the total
/// reserved per product by the whole batch.
/// </summary>
internal sealed record BatchDecision(IReadOnlyList<Contracts.ReserveOutcome.InsufficientStock?> Refusals, IReadOnlyDictionary<Guid, int> Taken);
