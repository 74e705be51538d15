namespace Orderly.Inventory.Contracts;

/// <summary>What a shopper is told about a product's stock.</summary>
public enum StockState
{
    InStock = 0,

    /// <summary>Available stock is at or below the product's low-stock threshold (but not zero).</summary>
    Low = 1,
    OutOfStock = 2,
}

/// <summary>Stock states for product lists: one query for a whole page of products, never one per card.</summary>
public interface IStockStates
{
    /// <summary>The state of each product; products Inventory does not track are missing from the answer.</summary>
    Task<IReadOnlyDictionary<Guid, StockState>> GetStatesAsync(IReadOnlyCollection<Guid> productIds, CancellationToken cancellationToken);
}

/// <summary>Staff changed a product's low-stock threshold in the catalog: Inventory alerts and labels by it.</summary>
public interface IStockThresholds
{
    /// <summary>Runs at once, inside the caller's transaction if one is open.</summary>
    Task SetLowStockThresholdAsync(Guid productId, int threshold, CancellationToken cancellationToken);
}
