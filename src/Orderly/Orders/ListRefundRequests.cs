using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Persistence;

namespace Orderly.Orders;

/// <summary>
/// The staff's refund-request queue: <c>GET /api/admin/orders/refund-requests?status=open</c> and
/// the page <c>/admin/refund-requests</c> (oldest first, so the longest-waiting buyer comes first),
/// an order's requests for its staff page, and the count of open ones for the navigation badge.
/// </summary>
internal static class ListRefundRequests
{
    public const int Limit = 500;

    public sealed record RefundRequestItem(Guid Id, Guid OrderId, string Email, string Reason, IReadOnlyList<Guid> LineIds, string Status, DateTime CreatedAt,
        DateTime? DecidedAt = null, string? DecidedBy = null, string? DecisionMessage = null);

    public static async Task<Ok<List<RefundRequestItem>>> ListAsync(string? status, Handler handler, CancellationToken ct) =>
        TypedResults.Ok((await handler.HandleAsync(status, ct)).ToList());

    internal sealed class Handler(OrderlyDbContext db)
    {
        /// <param name="status"><c>open</c>, <c>approved</c>, <c>declined</c>; null or empty: all.</param>
        public async Task<IReadOnlyList<RefundRequestItem>> HandleAsync(string? status, CancellationToken ct)
        {
            var query = db.Set<RefundRequest>().AsNoTracking();
            if (!string.IsNullOrEmpty(status))
            {
                query = query.Where(r => r.Status == status);
            }
            return await WithEmailsAsync(await query.OrderBy(r => r.CreatedAt).Take(Limit).ToListAsync(ct), ct);
        }

        /// <summary>Every request of one order, newest first.</summary>
        public async Task<IReadOnlyList<RefundRequestItem>> ForOrderAsync(Guid orderId, CancellationToken ct) =>
            await WithEmailsAsync(await db.Set<RefundRequest>().AsNoTracking().Where(r => r.OrderId == orderId)
                .OrderByDescending(r => r.CreatedAt).ToListAsync(ct), ct);

        /// <summary>Open requests (index on status): the number on the admin navigation.</summary>
        public Task<int> CountOpenAsync(CancellationToken ct) =>
            db.Set<RefundRequest>().CountAsync(r => r.Status == RefundRequest.Open, ct);

        private async Task<IReadOnlyList<RefundRequestItem>> WithEmailsAsync(List<RefundRequest> requests, CancellationToken ct)
        {
            var orderIds = requests.Select(r => r.OrderId).Distinct().ToList();
            var emails = await db.Set<Order>().AsNoTracking().Where(o => orderIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Email, ct);
            return requests.Select(r => new RefundRequestItem(r.Id, r.OrderId, emails.GetValueOrDefault(r.OrderId, ""), r.Reason,
                RefundRequest.ParseLines(r.LineIds), r.Status, r.CreatedAt, r.DecidedAt, r.DecidedBy, r.DecisionMessage)).ToList();
        }
    }
}
