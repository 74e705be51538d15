using Microsoft.EntityFrameworkCore;
using Orderly.Messaging;

namespace Orderly.Persistence.Postgres;

/// <summary>
/// Claim for many dispatchers on one PostgreSQL: <c>FOR UPDATE SKIP LOCKED</c> lets each take a
/// different batch without waiting on, or double-claiming, rows another instance is leasing.
/// </summary>
internal sealed class PostgresOutboxClaim : IOutboxClaim
{
    public Task<int> ClaimAsync(OrderlyDbContext db, Guid token, DateTime now, DateTime leaseEnd, int batchSize, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE messaging_outbox SET "LockToken" = {token}, "LockedUntil" = {leaseEnd}
            WHERE "Id" IN (
                SELECT "Id" FROM messaging_outbox
                WHERE "Status" = 0 AND "NextAttemptAt" <= {now} AND ("LockedUntil" IS NULL OR "LockedUntil" < {now})
                ORDER BY "Id"
                LIMIT {batchSize}
                FOR UPDATE SKIP LOCKED)
            """, cancellationToken);
}
