using Microsoft.EntityFrameworkCore;
using Orderly.Orders.Contracts;
using Orderly.Persistence;

namespace Orderly.Orders;

/// <summary>
/// The dashboard's money and workload figures: paid sales (by payment day, per currency; test
/// orders left out), orders per status and the queues that need a person. Every figure is a
/// GROUP BY in the database, so the page costs the same at 100 orders and at 100,000.
/// </summary>
internal static class ReportSales
{
    public const int Days = 30;

    /// <param name="Today">Paid since midnight UTC; <paramref name="Last7Days"/> and <paramref name="Last30Days"/> include today.</param>
    public sealed record CurrencyTotals(string Currency, long Today, long Last7Days, long Last30Days, int Orders30Days);

    public sealed record DaySales(DateOnly Day, string Currency, long Amount, int Orders);

    /// <param name="FailedFulfillments">Orders whose fulfillment was dead-lettered in the last 30 days (refunded, or the refund failed too).</param>
    public sealed record SalesReport(DateOnly Today, IReadOnlyList<CurrencyTotals> Totals, IReadOnlyList<DaySales> PerDay,
        IReadOnlyDictionary<OrderStatus, int> ByStatus, int FailedFulfillments);

    /// <summary>The timeline events <see cref="CompensateFailedFulfillment"/> writes.</summary>
    private static readonly string[] FailedFulfillmentEvents = ["compensated", "compensation_failed"];

    internal sealed class Handler(OrderlyDbContext db, TimeProvider time)
    {
        public async Task<SalesReport> HandleAsync(CancellationToken ct)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var today = now.Date;
            var since = today.AddDays(-(Days - 1));
            var perDay = await db.Set<Order>().AsNoTracking()
                .Where(o => o.PaidAt != null && o.PaidAt >= since && !o.IsTest)
                .GroupBy(o => new { o.PaidAt!.Value.Date, o.Currency })
                .Select(g => new { g.Key.Date, g.Key.Currency, Amount = g.Sum(o => o.TotalAmount), Orders = g.Count() })
                .ToListAsync(ct);
            var days = perDay.Select(d => new DaySales(DateOnly.FromDateTime(d.Date), d.Currency, d.Amount, d.Orders))
                .OrderBy(d => d.Day).ThenBy(d => d.Currency).ToList();
            var todayOnly = DateOnly.FromDateTime(today);
            var totals = days.GroupBy(d => d.Currency).OrderBy(g => g.Key).Select(g => new CurrencyTotals(g.Key,
                g.Where(d => d.Day == todayOnly).Sum(d => d.Amount),
                g.Where(d => d.Day > todayOnly.AddDays(-7)).Sum(d => d.Amount),
                g.Sum(d => d.Amount),
                g.Sum(d => d.Orders))).ToList();
            var byStatus = await db.Set<Order>().AsNoTracking()
                .GroupBy(o => o.Status)
                .Select(g => new { Status = g.Key, Count = g.Count() })
                .ToDictionaryAsync(g => g.Status, g => g.Count, ct);
            var failed = await db.Set<TimelineEntry>().AsNoTracking()
                .Where(t => t.At >= since && t.Event != null && FailedFulfillmentEvents.Contains(t.Event))
                .Select(t => t.OrderId).Distinct().CountAsync(ct);
            return new SalesReport(todayOnly, totals, days, byStatus, failed);
        }
    }
}
