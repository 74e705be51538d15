using Microsoft.EntityFrameworkCore;
using Orderly.Orders.Contracts;
using Orderly.Persistence;

namespace Orderly.Orders;

/// <summary>
/// How long paid orders waited for their codes and files (paid → fulfilled), per day of payment:
/// the median and the 95th percentile over the last 30 days (the dashboard) or a period (the reports,
/// which leave test orders out like every other sales figure there).
/// </summary>
internal static class ReportFulfillmentTimes
{
    public sealed record DayTimes(DateOnly Day, int Orders, TimeSpan P50, TimeSpan P95);

    internal sealed class Handler(OrderlyDbContext db, TimeProvider time)
    {
        public Task<IReadOnlyList<DayTimes>> HandleAsync(CancellationToken ct)
        {
            var since = time.GetUtcNow().UtcDateTime.Date.AddDays(-(ReportSales.Days - 1));
            return TimesAsync(db.Set<Order>().AsNoTracking().Where(o => o.PaidAt >= since), ct);
        }

        public Task<IReadOnlyList<DayTimes>> HandleAsync(ReportPeriod period, CancellationToken ct)
        {
            var (start, end) = (period.Start, period.End);
            return TimesAsync(db.Set<Order>().AsNoTracking().Where(o => o.PaidAt >= start && o.PaidAt < end && !o.IsTest), ct);
        }

        private static async Task<IReadOnlyList<DayTimes>> TimesAsync(IQueryable<Order> paidInWindow, CancellationToken ct)
        {
            // Percentiles have no portable SQL (SQLite lacks percentile_cont), so the database
            // narrows to the two timestamps of fulfilled orders in the window, and nothing else.
            var pairs = await paidInWindow
                .Where(o => o.PaidAt != null && o.FulfilledAt != null)
                .Select(o => new { Paid = o.PaidAt!.Value, Fulfilled = o.FulfilledAt!.Value })
                .ToListAsync(ct);
            return pairs.GroupBy(p => DateOnly.FromDateTime(p.Paid.Date)).OrderBy(g => g.Key).Select(g =>
            {
                var sorted = g.Select(p => p.Fulfilled - p.Paid).Select(d => d < TimeSpan.Zero ? TimeSpan.Zero : d).Order().ToList();
                return new DayTimes(g.Key, sorted.Count, Percentile(sorted, 0.50), Percentile(sorted, 0.95));
            }).ToList();
        }
    }

    /// <summary>Nearest-rank percentile of an ascending list.</summary>
    public static TimeSpan Percentile(IReadOnlyList<TimeSpan> ascending, double p) =>
        ascending.Count == 0 ? TimeSpan.Zero : ascending[Math.Clamp((int)Math.Ceiling(p * ascending.Count) - 1, 0, ascending.Count - 1)];
}
