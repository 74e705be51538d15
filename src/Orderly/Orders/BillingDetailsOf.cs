using Microsoft.EntityFrameworkCore;
using Orderly.Orders.Contracts;
using Orderly.Persistence;

namespace Orderly.Orders;

/// <summary>The one read of an order's billing details, shared by the buyer's order, the invoice and the staff order page.</summary>
internal static class BillingDetailsOf
{
    public static async Task<BillingDetails?> FindAsync(OrderlyDbContext db, Guid orderId, CancellationToken ct) =>
        (await db.Set<OrderBilling>().AsNoTracking().FirstOrDefaultAsync(b => b.OrderId == orderId, ct))?.ToDetails();
}
