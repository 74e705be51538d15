using Microsoft.Extensions.Options;
using Orderly.Checkout.Coupons;
using Orderly.Inventory.Contracts;
using Orderly.Persistence;

namespace Orderly.Checkout;

/// <summary>
/// A placement refused because its coupon's guarded update matched nothing (the last use went to
/// another order, or the coupon was withdrawn): nothing of this order is written or reserved.
/// </summary>
internal sealed record CouponUnavailable(string Code) : ReserveOutcome;

/// <summary>
/// Checkout by group commit (<see cref="GroupCommit{TItem,TResult}"/>): the buyers of one moment
/// share one transaction — one read of the stock counters, one guarded UPDATE per product, one
/// insert batch and one commit for up to <see cref="CheckoutOptions.MaxBatchSize"/> orders. A
/// refused order takes nothing. ADR 0008 says why. A coupon's use is counted in the same
/// transaction (ADR 0022): an order whose coupon is gone is refused alone, the batch goes on.
/// </summary>
internal sealed class CheckoutBatcher(IServiceScopeFactory scopes, IWriteGate writeGate, IOptions<CheckoutOptions> options, ILogger<CheckoutBatcher> logger)
    : GroupCommit<OrderDraft, ReserveOutcome>(writeGate, logger)
{
    protected override int MaxBatchSize => options.Value.MaxBatchSize;

    protected override int? Writers => options.Value.Writers;

    /// <summary>Writes the order (or refuses it) and returns once its transaction committed.</summary>
    public Task<ReserveOutcome> PlaceAsync(OrderDraft draft, CancellationToken cancellationToken) => SubmitAsync(draft, cancellationToken);

    /// <summary>Rounds before a batch gives up when stock keeps changing under it (other instances).</summary>
    private const int MaxRounds = 8;

    /// <summary>
    /// Decide on a fresh read, insert the accepted orders, and only then take the stock rows'
    /// locks with the guarded UPDATEs, right before commit: a hot product's row is locked for the
    /// UPDATE and the commit only, not for the inserts. If stock changed under the batch and no
    /// longer fits, everything is rolled back and decided again.
    /// </summary>
    protected override async Task<IReadOnlyList<ReserveOutcome>> WriteBatchAsync(IReadOnlyList<OrderDraft> batch)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<OrderlyDbContext>();
        var ledger = services.GetRequiredService<IStockLedger>();
        var writer = ActivatorUtilities.CreateInstance<PlaceOrder.Writer>(services);
        var coupons = ActivatorUtilities.CreateInstance<CouponLedger>(services);
        var orders = batch.Select(d => new StockOrder(d.OrderId, d.StockLines, options.Value.ReservationFor(d.PaymentMethod))).ToList();

        // The batch is written even if a buyer hangs up meanwhile: once started it is one unit.
        for (var round = 1; ; round++)
        {
            await using var transaction = await db.BeginWriteAsync(CancellationToken.None);
            // Coupons first: an order whose coupon's last use went elsewhere asks for no stock.
            var outcomes = new ReserveOutcome[batch.Count];
            var competing = new List<int>();
            for (var i = 0; i < batch.Count; i++)
            {
                if (batch[i].CouponCode is { } code && !await coupons.TryTakeAsync(code, batch[i].PlacedAt, CancellationToken.None))
                {
                    outcomes[i] = new CouponUnavailable(code);
                }
                else
                {
                    competing.Add(i);
                }
            }
            var prepared = await ledger.PrepareReservationsAsync(competing.Select(i => orders[i]).ToList(), CancellationToken.None);
            for (var k = 0; k < competing.Count; k++)
            {
                var draft = batch[competing[k]];
                outcomes[competing[k]] = prepared.Outcomes[k];
                if (prepared.Outcomes[k] is ReserveOutcome.Reserved reserved)
                {
                    writer.Write(draft, reserved.ExpiresAt);
                    if (draft.CouponCode is { } code)
                    {
                        await coupons.RecordAsync(draft.OrderId, code, draft.Totals!.Discount, draft.PlacedAt, CancellationToken.None);
                    }
                }
                else if (draft.CouponCode is { } code)
                {
                    await coupons.GiveBackAsync(code, CancellationToken.None); // its stock was short: the use was never spent
                }
            }
            await db.SaveChangesAsync(CancellationToken.None);
            if (await ledger.ApplyReservationsAsync(prepared, CancellationToken.None))
            {
                await db.SaveChangesAsync(CancellationToken.None);
                await transaction.CommitAsync(CancellationToken.None);
                return outcomes;
            }
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            if (round == MaxRounds)
            {
                throw new InvalidOperationException($"Stock changed under a checkout batch {MaxRounds} times in a row.");
            }
        }
    }

}
