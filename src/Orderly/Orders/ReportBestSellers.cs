using Microsoft.EntityFrameworkCore;
using Orderly.Orders.Contracts;
using Orderly.Persistence;

namespace Orderly.Orders;

/// <summary>
/// Best sellers: units of paid orders placed in the last N days, grouped by product. Test-mode
/// orders are left out, as the sales reports leave them out: a shop trying its checkout must not
/// put a "Best seller" badge on what it tried with.
/// </summary>
internal sealed class ReportBestSellers(OrderlyDbContext db, TimeProvider time) : IBestSellers
{
    public async Task<IReadOnlyList<ProductSales>> TopAsync(int days, int take, CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow().UtcDateTime.AddDays(-days);
        var rows = await SalesQueries.PaidLines(db)
            .Where(x => x.Order.PlacedAt >= since && !x.Order.IsTest)
            .GroupBy(x => x.Line.ProductId)
            .Select(g => new { ProductId = g.Key, Units = g.Sum(x => x.Line.Quantity - x.Line.RefundedQuantity) })
            .Where(x => x.Units > 0)
            .OrderByDescending(x => x.Units).ThenBy(x => x.ProductId)
            .Take(take)
            .ToListAsync(cancellationToken);
        return rows.Select(r => new ProductSales(r.ProductId, r.Units)).ToList();
    }
}

internal static class SalesQueries
{
    /// <summary>
    /// Statuses of orders that count as sold. Test-mode orders are included here ("customers also
    /// bought" learns from them too); the best sellers leave them out.
    /// </summary>
    private static readonly OrderStatus[] Sold = [OrderStatus.Processing, OrderStatus.Completed, OrderStatus.PartiallyRefunded, OrderStatus.AwaitingStock];

    /// <summary>A member-initialised class, not a positional record, so EF can translate queries on its members.</summary>
    public sealed class PaidLine
    {
        public required OrderLine Line { get; init; }
        public required Order Order { get; init; }
    }

    public static IQueryable<PaidLine> PaidLines(OrderlyDbContext db) =>
        db.Set<OrderLine>().AsNoTracking()
            .Join(db.Set<Order>().AsNoTracking().Where(o => o.PaidAt != null && Sold.Contains(o.Status)), l => l.OrderId, o => o.Id, (l, o) => new PaidLine { Line = l, Order = o });
}
