using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Orderly.Inventory.Contracts;
using Orderly.Persistence;

namespace Orderly.Checkout;

/// <summary>
/// Group commit for checkout. Buyers that arrive while a checkout transaction is being written
/// queue here and go into the next one together: one read of the stock counters, one guarded
/// UPDATE per product, one insert batch and one commit (one fsync) for up to
/// <see cref="CheckoutOptions.MaxBatchSize"/> orders. Under no load a batch holds one order and
/// waits for nothing; under load the batch grows by itself, so the cost of a durable commit and
/// of the hot product's row lock is shared by everyone in it. Each order still succeeds or fails
/// on its own: a refused order takes nothing, and if a whole batch fails its orders are written
/// again one by one, so one bad order cannot fail its neighbours.
/// </summary>
internal sealed class CheckoutBatcher(IServiceScopeFactory scopes, IWriteGate writeGate, IOptions<CheckoutOptions> options, ILogger<CheckoutBatcher> logger) : BackgroundService
{
    private static readonly Meter Meter = new("Orderly.Checkout");
    private static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>("orderly.checkout.batch_size", description: "Orders written per checkout transaction.");

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>();

    /// <summary>Writes the order (or refuses it) and returns once its transaction committed.</summary>
    public Task<ReserveOutcome> PlaceAsync(OrderDraft draft, CancellationToken cancellationToken)
    {
        var pending = new Pending(draft, new TaskCompletionSource<ReserveOutcome>(TaskCreationOptions.RunContinuationsAsynchronously), cancellationToken);
        if (_queue.Writer.TryWrite(pending))
        {
            return pending.Result.Task;
        }
        // The host is stopping and the writers are draining: this order goes alone.
        return WriteAloneAsync(pending);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.Writers ?? writeGate.ConcurrentWriters).Select(_ => Task.Run(WriteLoopAsync, CancellationToken.None)));

    /// <summary>Stops taking new orders, then lets the writers finish every order already queued.</summary>
    public override Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Pending>(options.Value.MaxBatchSize);
        // Ends when the queue is completed (StopAsync) and empty: nothing accepted is dropped.
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            batch.Clear();
            while (batch.Count < options.Value.MaxBatchSize && _queue.Reader.TryRead(out var pending))
            {
                if (pending.Cancellation.IsCancellationRequested)
                {
                    pending.Result.TrySetCanceled(pending.Cancellation);
                    continue;
                }
                batch.Add(pending);
            }
            if (batch.Count > 0)
            {
                await WriteAsync(batch);
            }
        }
    }

    private async Task WriteAsync(List<Pending> batch)
    {
        try
        {
            await WriteBatchAsync(batch);
        }
        catch (Exception ex) when (batch.Count > 1)
        {
            logger.LogWarning(ex, "A checkout batch of {Count} orders failed; writing them one by one.", batch.Count);
            foreach (var pending in batch)
            {
                await WriteAloneAsync(pending);
            }
        }
        catch (Exception ex)
        {
            batch[0].Result.TrySetException(ex);
        }
    }

    private async Task<ReserveOutcome> WriteAloneAsync(Pending pending)
    {
        try
        {
            await WriteBatchAsync([pending]);
        }
        catch (Exception ex)
        {
            pending.Result.TrySetException(ex);
        }
        return await pending.Result.Task;
    }

    /// <summary>Rounds before a batch gives up when stock keeps changing under it (other instances).</summary>
    private const int MaxRounds = 8;

    /// <summary>
    /// Decide on a fresh read, insert the accepted orders, and only then take the stock rows'
    /// locks with the guarded UPDATEs, right before commit: a hot product's row is locked for the
    /// UPDATE and the commit only, not for the inserts. If stock changed under the batch and no
    /// longer fits, everything is rolled back and decided again.
    /// </summary>
    private async Task WriteBatchAsync(IReadOnlyList<Pending> batch)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<OrderlyDbContext>();
        var ledger = services.GetRequiredService<IStockLedger>();
        var writer = ActivatorUtilities.CreateInstance<PlaceOrder.Writer>(services);
        var orders = batch.Select(p => new StockOrder(p.Draft.OrderId, p.Draft.StockLines)).ToList();

        // The batch is written even if a buyer hangs up meanwhile: once started it is one unit.
        for (var round = 1; ; round++)
        {
            await using var transaction = await db.BeginWriteAsync(CancellationToken.None);
            var prepared = await ledger.PrepareReservationsAsync(orders, CancellationToken.None);
            for (var i = 0; i < batch.Count; i++)
            {
                if (prepared.Outcomes[i] is ReserveOutcome.Reserved reserved)
                {
                    writer.Write(batch[i].Draft, reserved.ExpiresAt);
                }
            }
            await db.SaveChangesAsync(CancellationToken.None);
            if (await ledger.ApplyReservationsAsync(prepared, CancellationToken.None))
            {
                await db.SaveChangesAsync(CancellationToken.None);
                await transaction.CommitAsync(CancellationToken.None);
                BatchSize.Record(batch.Count);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Result.TrySetResult(prepared.Outcomes[i]);
                }
                return;
            }
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            if (round == MaxRounds)
            {
                throw new InvalidOperationException($"Stock changed under a checkout batch {MaxRounds} times in a row.");
            }
        }
    }

    private sealed record Pending(OrderDraft Draft, TaskCompletionSource<ReserveOutcome> Result, CancellationToken Cancellation);
}
