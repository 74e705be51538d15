namespace Orderly.Inventory.Contracts;

/// <summary>Units a refund put back on sale (codes that went back to the pool).</summary>
public interface IStockReturns
{
    /// <summary>Moves <paramref name="quantity"/> allocated units of the product back to available. Joins the caller's transaction.</summary>
    Task ReturnAsync(Guid productId, int quantity, CancellationToken cancellationToken);
}
