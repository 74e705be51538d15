using Microsoft.EntityFrameworkCore;
using Orderly.Inventory.Contracts;
using Orderly.Persistence;

namespace Orderly.Inventory;

/// <summary>The stock state of a page of products, one query.</summary>
internal sealed class GetStockStates(OrderlyDbContext db) : IStockStates
{
    public async Task<IReadOnlyDictionary<Guid, StockState>> GetAsync(IReadOnlyCollection<Guid> productIds, CancellationToken cancellationToken)
    {
        if (productIds.Count == 0)
        {
            return new Dictionary<Guid, StockState>();
        }
        var items = await db.Set<StockItem>().AsNoTracking().Where(i => productIds.Contains(i.ProductId))
            .Select(i => new { i.ProductId, i.Available, i.Unlimited, i.LowStockThreshold })
            .ToListAsync(cancellationToken);
        return items.ToDictionary(i => i.ProductId, i => State(i.Available, i.Unlimited, i.LowStockThreshold));
    }

    public static StockState State(int available, bool unlimited, int lowStockThreshold) =>
        unlimited ? StockState.InStock
        : available <= 0 ? StockState.OutOfStock
        : available <= lowStockThreshold ? StockState.Low
        : StockState.InStock;
}
