using Microsoft.EntityFrameworkCore;
using Orderly.Audit.Contracts;
using Orderly.Licensing.Contracts;
using Orderly.Persistence;

namespace Orderly.Licensing;

internal sealed class Licenses(OrderlyDbContext db, IAuditLog audit, ValidationSnapshot snapshot, TimeProvider time) : ILicenses
{
    public Task<int> RevokeForOrderLinesAsync(IReadOnlyCollection<Guid> orderLineIds, string reason, CancellationToken cancellationToken) =>
        RevokeAsync(db.Set<License>().Where(l => orderLineIds.Contains(l.OrderLineId)), reason, cancellationToken);

    public Task<int> RevokeForKeysAsync(IReadOnlyCollection<Guid> keyIds, string reason, CancellationToken cancellationToken) =>
        RevokeAsync(db.Set<License>().Where(l => keyIds.Contains(l.KeyId)), reason, cancellationToken);

    private async Task<int> RevokeAsync(IQueryable<License> licenses, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var targets = await licenses.Where(l => l.Status != LicenseStatus.Revoked).Select(l => new { l.Id, l.OrderId }).ToListAsync(cancellationToken);
        if (targets.Count == 0)
        {
            return 0;
        }
        var ids = targets.Select(t => t.Id).ToList();
        reason = reason.Length > 200 ? reason[..200] : reason;
        var revoked = await db.Set<License>().Where(l => ids.Contains(l.Id) && l.Status != LicenseStatus.Revoked)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Status, LicenseStatus.Revoked).SetProperty(l => l.StatusReason, reason).SetProperty(l => l.UpdatedAt, now), cancellationToken);
        // Usually inside the refund's transaction: dropped now and again at its commit.
        snapshot.Changed(db, ids);
        foreach (var target in targets)
        {
            audit.Append("LicenseRevoked", target.OrderId, "system", new { licenseId = target.Id, reason });
        }
        return revoked;
    }
}
