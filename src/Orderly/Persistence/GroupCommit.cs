using System.Diagnostics.Metrics;
using System.Threading.Channels;

namespace Orderly.Persistence;

/// <summary>
/// Group commit: callers that arrive while a transaction is being written queue here and go into
/// the next one together, so many requests share one commit (one fsync), one round of reads and
/// one insert batch. Under no load a batch holds one item and waits for nothing; under load
/// batches grow by themselves up to <see cref="MaxBatchSize"/>. Each item still succeeds or fails
/// on its own: when a whole batch fails, its items are written again one by one, so one bad item
/// cannot fail its neighbours. Subclasses write one batch in one transaction
/// (<see cref="WriteBatchAsync"/>); everything queued when the host stops is still written.
/// </summary>
public abstract class GroupCommit<TItem, TResult>(IWriteGate writeGate, ILogger logger) : BackgroundService
{
    private static readonly Meter Meter = new("Orderly.Persistence");
    private static readonly Histogram<int> BatchSizes = Meter.CreateHistogram<int>("orderly.group_commit.batch_size", description: "Items written per group-commit transaction.");

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>();
    private readonly KeyValuePair<string, object?> _name = new("queue", typeof(TItem).Name);

    /// <summary>Most items per transaction.</summary>
    protected abstract int MaxBatchSize { get; }

    /// <summary>Transactions in flight at once; null: what the database takes (<see cref="IWriteGate.ConcurrentWriters"/>).</summary>
    protected virtual int? Writers => null;

    /// <summary>Writes the item with the others of its moment; returns once its transaction committed.</summary>
    public Task<TResult> SubmitAsync(TItem item, CancellationToken cancellationToken)
    {
        var pending = new Pending(item, new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously), cancellationToken);
        // When the host is stopping the writers are draining: a late item goes alone.
        return _queue.Writer.TryWrite(pending) ? pending.Result.Task : WriteAloneAsync(pending);
    }

    /// <summary>Writes every item of <paramref name="batch"/> in one transaction and returns their results in order.</summary>
    protected abstract Task<IReadOnlyList<TResult>> WriteBatchAsync(IReadOnlyList<TItem> batch);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Writers ?? writeGate.ConcurrentWriters).Select(_ => Task.Run(WriteLoopAsync, CancellationToken.None)));

    /// <summary>Stops taking new items, then lets the writers finish every item already queued.</summary>
    public override Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Pending>(MaxBatchSize);
        // Ends when the queue is completed (StopAsync) and empty: nothing accepted is dropped.
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            batch.Clear();
            while (batch.Count < MaxBatchSize && _queue.Reader.TryRead(out var pending))
            {
                if (pending.Cancellation.IsCancellationRequested)
                {
                    pending.Result.TrySetCanceled(pending.Cancellation);
                    continue;
                }
                batch.Add(pending);
            }
            if (batch.Count == 0)
            {
                continue;
            }
            try
            {
                Complete(batch, await WriteBatchAsync(batch.Select(p => p.Item).ToList()));
            }
            catch (Exception ex) when (batch.Count > 1)
            {
                LogBatchFailed(logger, ex, batch.Count, typeof(TItem).Name);
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
    }

    private async Task<TResult> WriteAloneAsync(Pending pending)
    {
        try
        {
            Complete([pending], await WriteBatchAsync([pending.Item]));
        }
        catch (Exception ex)
        {
            pending.Result.TrySetException(ex);
        }
        return await pending.Result.Task;
    }

    private void Complete(IReadOnlyList<Pending> batch, IReadOnlyList<TResult> results)
    {
        BatchSizes.Record(batch.Count, _name);
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Result.TrySetResult(results[i]);
        }
    }

    private sealed record Pending(TItem Item, TaskCompletionSource<TResult> Result, CancellationToken Cancellation);

    private static void LogBatchFailed(ILogger logger, Exception exception, int count, string queue) =>
        logger.LogWarning(exception, "A group-commit batch of {Count} {Queue} items failed; writing them one by one.", count, queue);
}
