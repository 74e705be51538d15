using Microsoft.EntityFrameworkCore;
using Orderly.Orders.Contracts;
using Orderly.Persistence;

namespace Orderly.Orders;

/// <summary>
/// Units, revenue and refunds per product over a period: lines of paid orders (by payment day),
/// test orders left out, summed by a GROUP BY in the database.
/// </summary>
internal sealed class ReportSalesByProduct(OrderlyDbContext db) : ISalesByProduct
{
    public async Task<IReadOnlyList<ProductSalesFigures>> ForPeriodAsync(ReportPeriod period, string? currency, CancellationToken cancellationToken)
    {
        var start = period.Start;
        var end = period.End;
        var orders = db.Set<Order>().AsNoTracking().Where(o => o.PaidAt != null && o.PaidAt >= start && o.PaidAt < end && !o.IsTest);
        if (currency is not null)
        {
            orders = orders.Where(o => o.Currency == currency);
        }
        var rows = await db.Set<OrderLine>().AsNoTracking()
            .Join(orders, l => l.OrderId, o => o.Id, (l, o) => new { l.ProductId, l.Sku, l.ProductName, o.Currency, l.Quantity, l.RefundedQuantity, l.UnitPriceAmount })
            .GroupBy(x => new { x.ProductId, x.Currency })
            .Select(g => new
            {
                g.Key.ProductId,
                g.Key.Currency,
                // A product renamed between orders still makes one row: any of its names will do.
                Sku = g.Max(x => x.Sku),
                Name = g.Max(x => x.ProductName),
                Units = g.Sum(x => x.Quantity),
                Refunded = g.Sum(x => x.RefundedQuantity),
                Revenue = g.Sum(x => x.Quantity * x.UnitPriceAmount),
                Refunds = g.Sum(x => x.RefundedQuantity * x.UnitPriceAmount),
            })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new ProductSalesFigures(r.ProductId, r.Sku ?? "", r.Name ?? "", r.Currency, r.Units, r.Refunded, r.Revenue, r.Refunds))
            .OrderByDescending(r => r.Net).ThenBy(r => r.Sku, StringComparer.Ordinal).ThenBy(r => r.Currency, StringComparer.Ordinal)
            .ToList();
    }
}
