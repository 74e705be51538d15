using Microsoft.EntityFrameworkCore;
using Orderly.Inventory.Contracts;
using Orderly.Persistence;

namespace Orderly.Inventory;

/// <summary>Moves a product's low-stock threshold (edited on the catalog's product form).</summary>
internal sealed class SetLowStockThreshold(OrderlyDbContext db) : IStockThresholds
{
    public Task SetLowStockThresholdAsync(Guid productId, int threshold, CancellationToken cancellationToken) =>
        db.Set<StockItem>().Where(i => i.ProductId == productId)
            .ExecuteUpdateAsync(u => u.SetProperty(i => i.LowStockThreshold, threshold), cancellationToken);
}
