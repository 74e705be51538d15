using Orderly.Inventory.Contracts;
using Orderly.Orders.Contracts;
using Orderly.Payments.Contracts;
using Orderly.Persistence;
using Orderly.StoreCredit.Contracts;

namespace Orderly.Checkout;

/// <summary>
/// Checkout of an order paid at once (<c>wallet</c>, <c>test</c>): one transaction of its own
/// instead of the group commit, because the money moves with the order. It locks the buyer's
/// store credit, checks the balance, reserves the stock, writes the order, debits the credit and
/// records the internal payment (and counts the coupon's use); a refusal rolls all of it back, so nothing changes.
/// </summary>
internal sealed class PlaceSettledOrder(OrderlyDbContext db, IStockLedger ledger, PlaceOrder.Writer writer, IStoreCredit credit, IInternalPayments payments,
    Coupons.CouponLedger coupons)
{
    private const int MaxRounds = 8;

    public abstract record Outcome
    {
        public sealed record Placed(DateTime ReservationExpiresAt) : Outcome;
        public sealed record InsufficientStock(string Sku, int Requested, int Available) : Outcome;
        public sealed record InsufficientFunds(long Balance, long Required) : Outcome;
        public sealed record CouponUnavailable(string Code) : Outcome;
    }

    public async Task<Outcome> PlaceAsync(OrderDraft draft, CancellationToken cancellationToken)
    {
        for (var round = 1; ; round++)
        {
            await using var transaction = await db.BeginWriteAsync(cancellationToken);
            if (draft.CouponCode is { } code && !await coupons.TryTakeAsync(code, draft.PlacedAt, cancellationToken))
            {
                return new Outcome.CouponUnavailable(code);
            }
            string reference;
            if (draft.PaymentMethod == PaymentMethods.Wallet)
            {
                var debit = await credit.TryDebitAsync(draft.Email, draft.Total, draft.OrderId, cancellationToken);
                if (debit is StoreCreditDebit.InsufficientFunds funds)
                {
                    return new Outcome.InsufficientFunds(funds.Balance, funds.Required);
                }
                reference = ((StoreCreditDebit.Debited)debit).EntryId.ToString();
            }
            else
            {
                reference = $"test_{draft.OrderId:N}";
            }
            switch (await PlaceExternalOrder.ReserveAndWriteAsync(db, ledger, writer, draft, cancellationToken))
            {
                case ReserveOutcome.InsufficientStock shortage:
                    db.ChangeTracker.Clear(); // the debit above is dropped with the transaction
                    return new Outcome.InsufficientStock(shortage.Sku, shortage.Requested, shortage.Available);
                case ReserveOutcome.Reserved reserved:
                    if (draft.CouponCode is { } used)
                    {
                        await coupons.RecordAsync(draft.OrderId, used, draft.Totals!.Discount, draft.PlacedAt, cancellationToken);
                    }
                    payments.Record(new InternalPayment(draft.OrderId, draft.PaymentMethod, reference, draft.Total.Amount, draft.Total.Currency));
                    await db.SaveChangesAsync(cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                    return new Outcome.Placed(reserved.ExpiresAt);
            }
            // Stock changed between the read and the guarded update: start over.
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            if (round == MaxRounds)
            {
                throw new InvalidOperationException($"Stock changed under a settled checkout {MaxRounds} times in a row.");
            }
        }
    }
}
