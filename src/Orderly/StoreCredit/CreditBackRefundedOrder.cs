using Microsoft.EntityFrameworkCore;
using Orderly.Audit.Contracts;
using Orderly.Messaging;
using Orderly.Orders.Contracts;
using Orderly.Persistence;

namespace Orderly.StoreCredit;

/// <summary>
/// A refunded order that store credit paid gives the refunded amount back as credit, once per
/// refund (keyed by <see cref="OrderRefunded.RefundId"/>; a unique index catches a concurrent
/// twin). Refunds never give back more than the order debited in all.
/// </summary>
internal sealed class CreditBackRefundedOrder(OrderlyDbContext db, CreditLedger ledger, IAuditLog audit) : IMessageHandler<OrderRefunded>
{
    public async Task HandleAsync(OrderRefunded message, MessageContext context, CancellationToken cancellationToken)
    {
        var debit = await db.Set<CreditEntry>().AsNoTracking()
            .FirstOrDefaultAsync(e => e.OrderId == message.OrderId && e.Kind == CreditEntryKind.Debit, cancellationToken);
        if (debit is null)
        {
            return; // not paid with store credit
        }
        // Publishers before refund ids existed sent none: the message id is then the refund's identity.
        var key = $"refund:{(message.RefundId == Guid.Empty ? context.MessageId : message.RefundId):N}";
        if (await db.Set<CreditEntry>().AnyAsync(e => e.IdempotencyKey == key, cancellationToken))
        {
            return;
        }
        var account = await db.Set<CreditAccount>().AsNoTracking().SingleAsync(a => a.Id == debit.AccountId, cancellationToken);
        await ledger.LockAsync(account.Email, account.Currency, cancellationToken);
        var moved = await db.Set<CreditPosting>().Where(p => p.AccountId == account.Id && p.Side == CreditSide.Wallet)
            .Join(db.Set<CreditEntry>().Where(e => e.OrderId == message.OrderId), p => p.EntryId, e => e.Id, (p, e) => p.AmountMinor)
            .SumAsync(cancellationToken);
        // moved = -(debited) + (credited back so far): what is still refundable is its negation.
        var credit = Math.Min(message.Amount, -moved);
        if (credit <= 0)
        {
            return;
        }
        var entry = ledger.Post(account.Id, CreditEntryKind.Refund, credit, message.OrderId, Truncate($"refund: {message.Reason}"), key);
        audit.Append("StoreCreditRefunded", message.OrderId, "system", new { entryId = entry.Id, amount = credit, account.Currency, refundId = message.RefundId });
        await db.SaveChangesAsync(cancellationToken);
    }

    private static string Truncate(string value) => value.Length <= TopUpStoreCredit.MaxReason ? value : value[..TopUpStoreCredit.MaxReason];
}
