using Microsoft.Extensions.Options;
using Orderly.Inventory.Contracts;
using Orderly.Persistence;

namespace Orderly.Checkout;

/// <summary>
/// Checkout by group commit (<see cref="GroupCommit{TItem,TResult}"/>): the buyers of one moment
/// share one transaction — one read of the stock counters, one guarded UPDATE per product, one
/// insert batch and one commit for up to <see cref="CheckoutOptions.MaxBatchSize"/> orders. A
/// refused order takes nothing. ADR 0008 says why.
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
        var orders = batch.Select(d => new StockOrder(d.OrderId, d.StockLines, options.Value.ReservationFor(d.PaymentMethod))).ToList();

        // The batch is written even if a buyer hangs up meanwhile: once started it is one unit.
        for (var round = 1; ; round++)
        {
            await using var transaction = await db.BeginWriteAsync(CancellationToken.None);
            var prepared = await ledger.PrepareReservationsAsync(orders, CancellationToken.None);
            for (var i = 0; i < batch.Count; i++)
            {
                if (prepared.Outcomes[i] is ReserveOutcome.Reserved reserved)
                {
                    writer.Write(batch[i], reserved.ExpiresAt);
                }
            }
            await db.SaveChangesAsync(CancellationToken.None);
            if (await ledger.ApplyReservationsAsync(prepared, CancellationToken.None))
            {
                await db.SaveChangesAsync(CancellationToken.None);
                await transaction.CommitAsync(CancellationToken.None);
                return prepared.Outcomes;
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
