using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Persistence;

namespace Orderly.Audit;

/// <summary><c>orderly audit verify</c> and <c>GET /api/admin/audit/verify</c>: walks the whole chain.</summary>
internal sealed class VerifyAuditChain(OrderlyDbContext db)
{
    public async Task<AuditChain.Result> HandleAsync(CancellationToken cancellationToken)
    {
        var head = await db.Set<AuditHead>().AsNoTracking().FirstOrDefaultAsync(h => h.Id == 1, cancellationToken) ?? new AuditHead { Id = 1 };
        var unsealed = await db.Set<AuditEntry>().LongCountAsync(e => e.Seq == null, cancellationToken);
        var entries = db.Set<AuditEntry>().AsNoTracking().Where(e => e.Seq != null).OrderBy(e => e.Seq).AsAsyncEnumerable();
        var list = new List<AuditEntry>();
        await foreach (var entry in entries.WithCancellation(cancellationToken))
        {
            list.Add(entry);
        }
        return AuditChain.Verify(list, head, unsealed);
    }

    public static async Task<Ok<AuditChain.Result>> EndpointAsync(VerifyAuditChain handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(ct));
}

/// <summary><c>GET /api/admin/orders/{id}/audit</c>: an order's audit trail, oldest first.</summary>
internal static class GetOrderAudit
{
    public sealed record AuditEntryResponse(long Id, long? Seq, string Type, DateTime At, string Actor, System.Text.Json.JsonElement? Data, string? Hash);

    public static async Task<Ok<List<AuditEntryResponse>>> HandleAsync(Guid id, OrderlyDbContext db, CancellationToken ct)
    {
        var rows = await db.Set<AuditEntry>().AsNoTracking().Where(e => e.OrderId == id).OrderBy(e => e.Id).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(e => new AuditEntryResponse(e.Id, e.Seq, e.Type, e.At, e.Actor,
            e.Data is null ? null : System.Text.Json.JsonDocument.Parse(e.Data).RootElement.Clone(), e.Hash)).ToList());
    }
}
