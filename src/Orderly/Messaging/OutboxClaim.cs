using Microsoft.EntityFrameworkCore;
using Orderly.Persistence;

namespace Orderly.Messaging;

/// <summary>Leases the next due outbox rows to one dispatcher. Provider-specific where it must be.</summary>
public interface IOutboxClaim
{
    /// <returns>how many rows now carry <paramref name="token"/>.</returns>
    Task<int> ClaimAsync(OrderlyDbContext db, Guid token, DateTime now, DateTime leaseEnd, int batchSize, CancellationToken cancellationToken);
}

/// <summary>
/// Portable claim: one UPDATE over a sub-select, inside a write transaction. Exact on SQLite,
/// whose single writer runs it alone.
/// </summary>
public sealed class SingleWriterOutboxClaim : IOutboxClaim
{
    public async Task<int> ClaimAsync(OrderlyDbContext db, Guid token, DateTime now, DateTime leaseEnd, int batchSize, CancellationToken cancellationToken)
    {
        var due = db.Set<OutboxMessage>()
            .Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now && (m.LockedUntil == null || m.LockedUntil < now))
            .OrderBy(m => m.Id)
            .Select(m => m.Id)
            .Take(batchSize);
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        var count = await db.Set<OutboxMessage>()
            .Where(m => due.Contains(m.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockToken, token).SetProperty(m => m.LockedUntil, leaseEnd), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return count;
    }
}
