using Microsoft.EntityFrameworkCore;
using Orderly.Inventory.Contracts;
using Orderly.Persistence;

namespace Orderly.Inventory;

internal sealed class ReturnStock(OrderlyDbContext db) : IStockReturns
{
    public async Task ReturnAsync(Guid productId, int quantity, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(quantity);
        if (quantity == 0)
        {
            return;
        }
        // An unlimited product has no availability to give back; the allocation count still follows.
        await db.Set<StockItem>().Where(s => s.ProductId == productId && s.Allocated >= quantity)
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.Available, i => i.Unlimited ? i.Available : i.Available + quantity)
                .SetProperty(i => i.Allocated, i => i.Allocated - quantity), cancellationToken);
    }
}
