using Microsoft.EntityFrameworkCore;
using Orderly.Audit.Contracts;
using Orderly.Persistence;

namespace Orderly.Audit;

/// <summary>An order's audit trail for the staff order page (indexed by order id).</summary>
internal sealed class ReadOrderAuditTrail(OrderlyDbContext db) : IAuditTrail
{
    public async Task<IReadOnlyList<AuditRecord>> ForOrderAsync(Guid orderId, CancellationToken cancellationToken) =>
        await db.Set<AuditEntry>().AsNoTracking().Where(e => e.OrderId == orderId).OrderBy(e => e.Id)
            .Select(e => new AuditRecord(e.Id, e.Seq, e.At, e.Type, e.Actor, e.Data))
            .ToListAsync(cancellationToken);
}
