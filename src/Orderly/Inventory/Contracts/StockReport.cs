namespace Orderly.Inventory.Contracts;

/// <summary>One product's counters for the admin overviews (key pools, the dashboard's stock chart).</summary>
public sealed record ProductStock(Guid ProductId, string Sku, int Available, int Reserved, int Allocated, int Received, bool Unlimited, int LowStockThreshold)
{
    /// <summary>Tracked stock at or below its threshold (generated codes never run low).</summary>
    public bool IsLow => !Unlimited && LowStockThreshold > 0 && Available <= LowStockThreshold;
}

/// <summary>Stock of every product at once, for staff pages.</summary>
public interface IStockReport
{
    /// <summary>Every tracked product, lowest available stock relative to its threshold first.</summary>
    Task<IReadOnlyList<ProductStock>> ListAsync(CancellationToken cancellationToken);
}
