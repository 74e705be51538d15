using Microsoft.EntityFrameworkCore;
using Orderly.Inventory.Contracts;
using Orderly.Persistence;

namespace Orderly.Inventory;

/// <summary>The counters of every product in one query (one row per product: the stock table is small next to orders).</summary>
internal sealed class ListStockLevels(OrderlyDbContext db) : IStockReport
{
    public async Task<IReadOnlyList<ProductStock>> ListAsync(CancellationToken cancellationToken)
    {
        var rows = await db.Set<StockItem>().AsNoTracking()
            .OrderBy(i => i.Available - i.LowStockThreshold).ThenBy(i => i.Sku)
            .Select(i => new ProductStock(i.ProductId, i.Sku, i.Available, i.Reserved, i.Allocated, i.Received, i.Unlimited, i.LowStockThreshold))
            .ToListAsync(cancellationToken);
        // Unlimited (generated) stock has no meaningful "available": put it last.
        return rows.OrderBy(r => r.Unlimited).ToList();
    }
}
