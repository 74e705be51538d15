namespace Orderly.Inventory.Contracts;

/// <summary>What a shopper sees of stock on a product card.</summary>
public enum StockState
{
    InStock = 0,
    Low = 1,
    OutOfStock = 2,
}

/// <summary>Stock state of many products in one read (product grids: never one read per card).</summary>
public interface IStockStates
{
    /// <summary>The state of each tracked product among <paramref name="productIds"/>; untracked ones are left out.</summary>
    Task<IReadOnlyDictionary<Guid, StockState>> GetAsync(IReadOnlyCollection<Guid> productIds, CancellationToken cancellationToken);
}
