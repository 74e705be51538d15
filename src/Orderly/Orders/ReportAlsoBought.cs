using Microsoft.EntityFrameworkCore;
using Orderly.Orders.Contracts;
using Orderly.Persistence;

namespace Orderly.Orders;

/// <summary>"Customers also bought": the other products of the paid orders that hold a product, by how many orders.</summary>
internal sealed class ReportAlsoBought(OrderlyDbContext db) : IAlsoBought
{
    public async Task<IReadOnlyList<ProductSales>> ForAsync(Guid productId, int take, CancellationToken cancellationToken)
    {
        var orders = SalesQueries.PaidLines(db).Where(x => x.Line.ProductId == productId).Select(x => x.Line.OrderId);
        var rows = await db.Set<OrderLine>().AsNoTracking()
            .Where(l => l.ProductId != productId && orders.Contains(l.OrderId))
            .GroupBy(l => l.ProductId)
            .Select(g => new { ProductId = g.Key, Orders = g.Select(l => l.OrderId).Distinct().Count() })
            .OrderByDescending(x => x.Orders).ThenBy(x => x.ProductId)
            .Take(take)
            .ToListAsync(cancellationToken);
        return rows.Select(r => new ProductSales(r.ProductId, r.Orders)).ToList();
    }
}
