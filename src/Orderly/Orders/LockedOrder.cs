using Microsoft.EntityFrameworkCore;
using Orderly.Persistence;

namespace Orderly.Orders;

/// <summary>The read of a read-modify-write of one order: the order row locked for this transaction (ADR 0030).</summary>
internal static class LockedOrder
{
    /// <summary>
    /// The order with its lines, its row locked until the caller's transaction ends (PostgreSQL
    /// <c>SELECT … FOR UPDATE</c>; on SQLite the write transaction already excludes other writers).
    /// A concurrent writer of the same order waits here and then reads what the other committed, so
    /// no decision is made on a stale view. Null when there is no such order.
    /// </summary>
    public static async Task<Order?> LockAsync(OrderlyDbContext db, Guid orderId, CancellationToken cancellationToken)
    {
        var order = await db.Set<Order>().TagWith(RowLocks.ForUpdate).FirstOrDefaultAsync(o => o.Id == orderId, cancellationToken);
        if (order is not null)
        {
            // Loaded apart: a locking query selects from the orders table alone.
            await db.Entry(order).Collection(o => o.Lines).LoadAsync(cancellationToken);
        }
        return order;
    }
}
