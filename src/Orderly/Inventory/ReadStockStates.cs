using Microsoft.EntityFrameworkCore;
using Orderly.Inventory.Contracts;
using Orderly.Persistence;

namespace Orderly.Inventory;

/// <summary>Stock states of many products in one read (the storefront's product grids).</summary>
internal sealed class ReadStockStates(OrderlyDbContext db) : IStockStates
{
    public async Task<IReadOnlyDictionary<Guid, StockState>> GetStatesAsync(IReadOnlyCollection<Guid> productIds, CancellationToken cancellationToken)
    {
        if (productIds.Count == 0)
        {
            return new Dictionary<Guid, StockState>();
        }
        var items = await db.Set<StockItem>().AsNoTracking()
            .Where(i => productIds.Contains(i.ProductId))
            .Select(i => new { i.ProductId, i.Available, i.Unlimited, i.LowStockThreshold })
            .ToListAsync(cancellationToken);
        return items.ToDictionary(i => i.ProductId, i => StateOf(i.Available, i.Unlimited, i.LowStockThreshold));
    }

    public static StockState StateOf(int available, bool unlimited, int lowStockThreshold) =>
        unlimited ? StockState.InStock
        : available <= 0 ? StockState.OutOfStock
        : available <= lowStockThreshold ? StockState.Low
        : StockState.InStock;
}
