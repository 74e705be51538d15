using Microsoft.EntityFrameworkCore;
using Orderly.Messaging;
using Orderly.Orders.Contracts;
using Orderly.Persistence;

namespace Orderly.Reseller;

/// <summary>
/// A refunded reseller order credits the wallet back: the debited EUR in the refunded proportion,
/// as a <c>refund</c> entry referencing the reseller order. Idempotent: a reseller order is credited
/// once (<see cref="ResellerOrder.RefundedAt"/>, set by a guarded update).
/// </summary>
internal sealed class CreditRefundedOrder(OrderlyDbContext db, IOrderBook orders, WalletBook wallet, TimeProvider time) : IMessageHandler<OrderRefunded>
{
    public async Task HandleAsync(OrderRefunded message, MessageContext context, CancellationToken cancellationToken)
    {
        var order = await db.Set<ResellerOrder>().AsNoTracking().FirstOrDefaultAsync(o => o.OrderId == message.OrderId, cancellationToken);
        if (order is null || order.TestMode || order.DebitedMinor == 0)
        {
            return;
        }
        var marked = await db.Set<ResellerOrder>().Where(o => o.Id == order.Id && o.RefundedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.RefundedAt, time.GetUtcNow().UtcDateTime), cancellationToken);
        if (marked == 0)
        {
            return;
        }
        await wallet.LockAsync(order.MerchantId, cancellationToken);
        var orderTotal = (await orders.FindAsync(order.OrderId, cancellationToken))?.TotalAmount ?? 0;
        wallet.Post(order.MerchantId, LedgerEntryKind.Refund, Wallet.RefundCredit(order.DebitedMinor, message.Amount, orderTotal), order.Id, $"refund of order {order.OrderId}: {message.Reason}");
        await db.SaveChangesAsync(cancellationToken);
    }
}
