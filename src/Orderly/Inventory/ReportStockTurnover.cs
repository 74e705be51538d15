using Microsoft.EntityFrameworkCore;
using Orderly.Orders.Contracts;
using Orderly.Persistence;

namespace Orderly.Inventory;

/// <summary>
/// Stock turnover per stocked product (imported key pools and counted goods): units sold in the
/// period (net of refunds, every currency), stock now, average daily sales and how many days the
/// stock lasts at that pace. Sales come from Orders through <see cref="ISalesByProduct"/>.
/// </summary>
public static class ReportStockTurnover
{
    /// <param name="DaysOfCover">Null when nothing sold in the period or the stock is generated (unlimited).</param>
    public sealed record Turnover(Guid ProductId, string Sku, int UnitsSold, int Available, bool Unlimited, double AverageDailySales, double? DaysOfCover);

    internal sealed class Handler(OrderlyDbContext db, ISalesByProduct sales)
    {
        public async Task<IReadOnlyList<Turnover>> HandleAsync(ReportPeriod period, CancellationToken ct)
        {
            var stock = await db.Set<StockItem>().AsNoTracking()
                .Select(i => new { i.ProductId, i.Sku, i.Available, i.Unlimited }).ToListAsync(ct);
            var sold = (await sales.ForPeriodAsync(period, null, ct))
                .GroupBy(f => f.ProductId).ToDictionary(g => g.Key, g => g.Sum(f => f.NetUnits));
            return stock.Select(s =>
                {
                    var units = sold.GetValueOrDefault(s.ProductId);
                    var perDay = AverageDailySales(units, period.Days);
                    return new Turnover(s.ProductId, s.Sku, units, s.Available, s.Unlimited, perDay, s.Unlimited ? null : DaysOfCover(s.Available, perDay));
                })
                // The products that run out first lead; those that do not sell, and generated codes, come last.
                .OrderBy(t => t.DaysOfCover ?? double.MaxValue).ThenBy(t => t.Unlimited).ThenBy(t => t.Sku, StringComparer.Ordinal)
                .ToList();
        }
    }

    public static double AverageDailySales(int units, int days) => days <= 0 ? 0 : Math.Max(0, units) / (double)days;

    /// <summary>Days the stock lasts at the period's pace; null when nothing sells (it lasts indefinitely).</summary>
    public static double? DaysOfCover(int available, double averageDailySales) =>
        averageDailySales <= 0 ? null : Math.Max(0, available) / averageDailySales;
}
