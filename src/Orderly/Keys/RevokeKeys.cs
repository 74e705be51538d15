using Microsoft.EntityFrameworkCore;
using Orderly.Keys.Contracts;
using Orderly.Persistence;

namespace Orderly.Keys;

internal sealed class RevokeKeys(OrderlyDbContext db) : IKeyRevocation
{
    public async Task<KeyRevocationResult> RevokeAsync(Guid orderLineId, int quantity, bool returnUnrevealed, CancellationToken cancellationToken)
    {
        var lineId = (Guid?)orderLineId;
        var keys = await db.Set<LicenseKey>().Where(k => k.OrderLineId == lineId && k.Status == KeyStatus.Allocated)
            .OrderBy(k => k.RevealedAt != null).ThenByDescending(k => k.Id).Take(quantity)
            .Select(k => new { k.Id, k.RevealedAt, k.Generated }).ToListAsync(cancellationToken);
        var back = keys.Where(k => returnUnrevealed && k.RevealedAt is null && !k.Generated).Select(k => k.Id).ToList();
        var burnt = keys.Select(k => k.Id).Except(back).ToList();
        if (burnt.Count > 0)
        {
            await db.Set<LicenseKey>().Where(k => burnt.Contains(k.Id) && k.Status == KeyStatus.Allocated)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.Status, KeyStatus.Revoked), cancellationToken);
        }
        if (back.Count > 0)
        {
            await db.Set<LicenseKey>().Where(k => back.Contains(k.Id) && k.Status == KeyStatus.Allocated)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(k => k.Status, KeyStatus.Available)
                    .SetProperty(k => k.OrderId, (Guid?)null)
                    .SetProperty(k => k.OrderLineId, (Guid?)null)
                    .SetProperty(k => k.AllocatedAt, (DateTime?)null), cancellationToken);
        }
        return new KeyRevocationResult(keys.Select(k => k.Id).ToList(), back.Count, burnt.Count);
    }
}
