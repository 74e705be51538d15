using Microsoft.EntityFrameworkCore;
using Orderly.Orders.Contracts;
using Orderly.Persistence;

namespace Orderly.Orders;

/// <summary>
/// The staff order list: newest first, filtered by status, placed-at range and a search term (an
/// order id, or the start of the buyer's e-mail address), one page at a time. Pages are read one
/// row past their size to know whether another follows, so no COUNT over the whole table runs.
/// </summary>
internal static class SearchOrders
{
    public const int PageSize = 50;

    public sealed record Query(OrderStatus? Status, string? Term, DateOnly? From, DateOnly? To, int Page);

    public sealed record Row(Guid Id, string Email, OrderStatus Status, long TotalAmount, string Currency, DateTime PlacedAt, string PaymentMethod, bool IsTest);

    public sealed record ResultPage(IReadOnlyList<Row> Rows, int Page, bool HasNext);

    internal sealed class Handler(OrderlyDbContext db)
    {
        public async Task<ResultPage> HandleAsync(Query query, CancellationToken ct)
        {
            var orders = db.Set<Order>().AsNoTracking();
            if (query.Status is { } status)
            {
                orders = orders.Where(o => o.Status == status);
            }
            if (query.From is { } from)
            {
                var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
                orders = orders.Where(o => o.PlacedAt >= start);
            }
            if (query.To is { } to)
            {
                var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
                orders = orders.Where(o => o.PlacedAt < end);
            }
            var term = query.Term?.Trim();
            if (!string.IsNullOrEmpty(term))
            {
                if (Guid.TryParse(term, out var id))
                {
                    orders = orders.Where(o => o.Id == id);
                }
                else
                {
                    // A prefix, not a substring: the buyer's address is what staff paste. Any letter case (an indexed lower-case copy).
                    orders = orders.EmailStartsWith(term, db.Database.IsSqlite());
                }
            }
            var page = Math.Max(1, query.Page);
            var rows = await orders.OrderByDescending(o => o.PlacedAt).ThenByDescending(o => o.Id)
                .Skip((page - 1) * PageSize).Take(PageSize + 1)
                .Select(o => new Row(o.Id, o.Email, o.Status, o.TotalAmount, o.Currency, o.PlacedAt, o.PaymentMethod, o.IsTest))
                .ToListAsync(ct);
            return new ResultPage(rows.Take(PageSize).ToList(), page, rows.Count > PageSize);
        }
    }
}
