using Microsoft.EntityFrameworkCore;
using Orderly.Persistence;

namespace Orderly.Reseller;

public sealed record RequestLogView(Guid RequestId, string Path, int Status, string Outcome, string MaskedBody, DateTime At);

/// <summary><c>GET /api/admin/reseller/merchants/{id}/requests</c>: the merchant's latest API requests (newest first, at most 200), bodies masked.</summary>
internal static class ListRequests
{
    public static async Task<IReadOnlyList<RequestLogView>> EndpointAsync(Guid id, OrderlyDbContext db, CancellationToken ct) =>
        await db.Set<RequestLogEntry>().AsNoTracking().Where(r => r.MerchantId == id).OrderByDescending(r => r.At).ThenByDescending(r => r.Id).Take(200)
            .Select(r => new RequestLogView(r.Id, r.Path, r.Status, r.Outcome, r.MaskedBody, r.At)).ToListAsync(ct);
}
