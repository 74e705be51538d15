using Microsoft.EntityFrameworkCore;
using Orderly.Persistence;

namespace Orderly.Reseller;

/// <param name="OrderId">The order this request created (null for refusals and replays).</param>
public sealed record RequestLogView(Guid RequestId, string Path, int Status, string Outcome, string MaskedBody, DateTime At,
    string? KeyPrefix = null, string? ClientIp = null, string? ExternalId = null, Guid? OrderId = null);

/// <summary>Which requests to show: <paramref name="Status"/> is "ok" (2xx), "failed" (4xx and 5xx), a status code, or empty for all.</summary>
public sealed record RequestFilter(string? Status = null, string? ExternalId = null, int Page = 1);

public sealed record RequestPage(IReadOnlyList<RequestLogView> Items, int Page, bool HasNext);

/// <summary>
/// <c>GET /api/admin/reseller/merchants/{id}/requests</c> and the merchant's requests page: the
/// merchant's API requests, newest first, bodies masked, with the order each one created.
/// </summary>
internal static class ListRequests
{
    public const int PageSize = 50;

    internal sealed class Handler(OrderlyDbContext db)
    {
        public async Task<RequestPage> HandleAsync(Guid merchantId, RequestFilter filter, CancellationToken ct)
        {
            var page = Math.Max(1, filter.Page);
            var query = db.Set<RequestLogEntry>().AsNoTracking().Where(r => r.MerchantId == merchantId);
            query = filter.Status?.Trim() switch
            {
                null or "" => query,
                "ok" => query.Where(r => r.Status < 400),
                "failed" => query.Where(r => r.Status >= 400),
                var code when int.TryParse(code, out var status) => query.Where(r => r.Status == status),
                _ => query.Where(_ => false),
            };
            if (!string.IsNullOrWhiteSpace(filter.ExternalId))
            {
                var externalId = filter.ExternalId.Trim();
                query = query.Where(r => r.ExternalId == externalId);
            }
            var rows = await query.OrderByDescending(r => r.At).ThenByDescending(r => r.Id).Skip((page - 1) * PageSize).Take(PageSize + 1).ToListAsync(ct);
            var ids = rows.Select(r => r.Id).ToList();
            var orders = await db.Set<ResellerOrder>().AsNoTracking().Where(o => o.MerchantId == merchantId && ids.Contains(o.RequestId))
                .ToDictionaryAsync(o => o.RequestId, o => o.OrderId, ct);
            var items = rows.Take(PageSize)
                .Select(r => new RequestLogView(r.Id, r.Path, r.Status, r.Outcome, r.MaskedBody, r.At, r.KeyPrefix, r.ClientIp, r.ExternalId, orders.TryGetValue(r.Id, out var order) ? order : null))
                .ToList();
            return new RequestPage(items, page, rows.Count > PageSize);
        }
    }

    public static async Task<IReadOnlyList<RequestLogView>> EndpointAsync(Guid id, Handler handler, string? status, string? externalId, int? page, CancellationToken ct) =>
        (await handler.HandleAsync(id, new RequestFilter(status, externalId, page ?? 1), ct)).Items;
}
