using Microsoft.EntityFrameworkCore;
using Orderly.Messaging;
using Orderly.Orders.Contracts;
using Orderly.Persistence;

namespace Orderly.Reseller;

/// <summary>
/// A refunded reseller order credits the wallet back: the debited EUR in the refunded proportion,
/// as a <c>refund</c> entry referencing the reseller order. Orders publishes one
/// <see cref="OrderRefunded"/> per refund (with its <see cref="OrderRefunded.RefundId"/>), so
/// partial refunds each credit their share; what was credited before is counted, so the credits
/// never exceed the debit and a full refund credits exactly the rest. A refund without a refund id
/// (an older publisher) credits once per reseller order (<see cref="ResellerOrder.RefundedAt"/>).
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
        var legacy = message.RefundId == Guid.Empty;
        // RefundedAt: when the first refund came (for the reseller API); for an older publisher also the once-only guard.
        var marked = await db.Set<ResellerOrder>().Where(o => o.Id == order.Id && o.RefundedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.RefundedAt, time.GetUtcNow().UtcDateTime), cancellationToken);
        if (marked == 0 && legacy)
        {
            return;
        }
        await wallet.LockAsync(order.MerchantId, cancellationToken);
        var orderTotal = (await orders.FindAsync(order.OrderId, cancellationToken))?.TotalAmount ?? 0;
        var credited = await (
            from t in db.Set<LedgerTransaction>()
            join p in db.Set<LedgerPosting>() on t.Id equals p.TransactionId
            where t.ReferenceId == order.Id && t.Kind == LedgerEntryKind.Refund && p.Account == LedgerAccount.Wallet
            select p.AmountMinor).SumAsync(cancellationToken);
        var share = legacy || message.Full ? order.DebitedMinor : Wallet.RefundCredit(order.DebitedMinor, message.Amount, orderTotal);
        var credit = Math.Min(share, order.DebitedMinor - credited);
        if (credit <= 0)
        {
            return;
        }
        wallet.Post(order.MerchantId, LedgerEntryKind.Refund, credit, order.Id, $"refund of order {order.OrderId}: {message.Reason}");
        await db.SaveChangesAsync(cancellationToken);
    }
}
