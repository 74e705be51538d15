using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.Messaging;

/// <summary>
/// The outbox relay: claims due rows with a lease. With the database transport it runs each row
/// through the <see cref="HandlerPipeline"/> (inbox, handler, retries, dead letters); with the
/// RabbitMQ transport it hands each row to the broker (<see cref="IOutboxRelay"/>) and the consumers
/// run the same pipeline. Rows are only ever marked done in the same transaction as the handler's
/// effects, so a crash at any point loses nothing.
/// </summary>
public sealed partial class OutboxDispatcherWorker(
    IServiceScopeFactory scopes,
    HandlerPipeline pipeline,
    IOutboxClaim claim,
    OutboxSignal signal,
    TimeProvider time,
    IOptions<MessagingOptions> options,
    IOptions<OrderlyOptions> orderly,
    IWriteGate writeGate,
    ILogger<OutboxDispatcherWorker> logger,
    IOutboxRelay? relay = null) : BackgroundService
{
    private readonly MessagingOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.DispatcherEnabled || !orderly.Value.RunsWorkers)
        {
            return;
        }
        if (_options.ReleaseLeasesOnStart ?? claim is SingleWriterOutboxClaim)
        {
            await ReleaseAllLeasesAsync(stoppingToken);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var processed = 0;
            try
            {
                processed = await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                LogRoundFailed(ex);
            }

            if (processed == 0)
            {
                await signal.WaitAsync(_options.PollInterval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Claims one batch of due rows and processes it. Returns how many rows it handled.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        if (relay is not null)
        {
            await RequeueOverdueRelaysAsync(cancellationToken);
        }
        var claimed = await ClaimAsync(cancellationToken);
        if (claimed.Count == 0)
        {
            return 0;
        }

        if (relay is not null)
        {
            return await RelayAsync(relay, claimed, cancellationToken);
        }
        // Handlers that run in the dispatcher's transaction share transactions in batches; those with
        // external effects (SMTP) run side by side, each on its own, while the batches commit.
        var inTransaction = claimed.Where(r => pipeline.RunsInTransaction(r.MessageType, r.Handler)).ToList();
        var batches = inTransaction.Chunk(Math.Max(1, _options.HandlerBatchSize)).ToList();
        var batched = Parallel.ForEachAsync(batches,
            new ParallelOptions { MaxDegreeOfParallelism = writeGate.ConcurrentWriters, CancellationToken = CancellationToken.None },
            async (batch, _) => await ProcessBatchAsync(batch, cancellationToken));
        await Parallel.ForEachAsync(claimed.Except(inTransaction),
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrency, CancellationToken = CancellationToken.None },
            async (row, _) => await ProcessAsync(row, cancellationToken));
        await batched;
        return claimed.Count;
    }

    /// <summary>Runs rounds until nothing is due (tests and the CLI use it; never sleeps).</summary>
    public async Task<int> DrainAsync(CancellationToken cancellationToken, int maxRounds = 1000)
    {
        var total = 0;
        for (var round = 0; round < maxRounds; round++)
        {
            var processed = await RunOnceAsync(cancellationToken);
            if (processed == 0)
            {
                break;
            }
            total += processed;
        }
        return total;
    }

    private async Task<List<OutboxMessage>> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderlyDbContext>();
        var now = time.GetUtcNow().UtcDateTime;
        var token = Guid.NewGuid();
        var leaseEnd = now + _options.LeaseDuration;

        var count = await claim.ClaimAsync(db, token, now, leaseEnd, _options.BatchSize, cancellationToken);
        if (count == 0)
        {
            return [];
        }
        return await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.LockToken == token).OrderBy(m => m.Id).ToListAsync(cancellationToken);
    }

    private static Delivery DeliveryOf(OutboxMessage row)
    {
        var (id, token) = (row.Id, row.LockToken);
        return new Delivery(row.MessageId, row.MessageType, row.Handler, row.Payload, row.Attempts + 1, row.CreatedAt, row.TraceParent,
            m => m.Id == id && m.LockToken == token);
    }

    private async Task ProcessAsync(OutboxMessage row, CancellationToken stoppingToken)
    {
        if (await pipeline.RunAsync(DeliveryOf(row), stoppingToken) == DeliveryOutcome.Stopped)
        {
            // Shutting down: hand the row back untouched so the next start takes it at once.
            await ReleaseLeaseAsync(row);
        }
    }

    private async Task ProcessBatchAsync(OutboxMessage[] batch, CancellationToken stoppingToken)
    {
        var token = batch[0].LockToken;
        var deliveries = batch.Select(DeliveryOf).ToList();
        var rowIds = new Dictionary<Delivery, long>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < batch.Length; i++)
        {
            rowIds[deliveries[i]] = batch[i].Id;
        }
        var outcomes = await pipeline.RunBatchAsync(deliveries, subset =>
        {
            var ids = subset.Select(d => rowIds[d]).ToList();
            return [m => ids.Contains(m.Id) && m.LockToken == token];
        }, stoppingToken);
        for (var i = 0; i < batch.Length; i++)
        {
            if (outcomes[i] == DeliveryOutcome.Stopped)
            {
                await ReleaseLeaseAsync(batch[i]);
            }
        }
    }

    /// <summary>
    /// RabbitMQ transport: the handlers run on the consumers of every worker instance, so the
    /// dispatcher only hands each claimed row to the broker. A row the broker confirmed is
    /// <see cref="OutboxStatus.Relayed"/>; the consumer marks it done, retried or dead-lettered. A row
    /// the broker did not take is released and relayed again later; its attempts are not counted,
    /// because its handler never ran.
    /// </summary>
    private async Task<int> RelayAsync(IOutboxRelay outboxRelay, List<OutboxMessage> claimed, CancellationToken cancellationToken)
    {
        var token = claimed[0].LockToken;
        var result = await outboxRelay.SendAsync(claimed, cancellationToken);
        if (result.Error is not null)
        {
            LogRelayFailed(result.Error, claimed.Count - result.Sent.Count);
        }
        var sent = result.Sent.ToList();
        var now = time.GetUtcNow().UtcDateTime;
#pragma warning disable CA5394 // jitter is not a secret
        var retryAt = now + Backoff.FullJitter(1, _options.BackoffBase, _options.BackoffCap, Random.Shared.NextDouble());
#pragma warning restore CA5394
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderlyDbContext>();
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        // Guarded by the lock token: a consumer that already finished a row (done, or failed and
        // rescheduled) cleared it, and its outcome stands.
        await db.Set<OutboxMessage>()
            .Where(m => m.LockToken == token && sent.Contains(m.Id))
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, OutboxStatus.Relayed)
                .SetProperty(m => m.NextAttemptAt, now + _options.RelayTimeout)
                .SetProperty(m => m.LockToken, (Guid?)null)
                .SetProperty(m => m.LockedUntil, (DateTime?)null), cancellationToken);
        if (sent.Count < claimed.Count)
        {
            await db.Set<OutboxMessage>()
                .Where(m => m.LockToken == token && !sent.Contains(m.Id))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.NextAttemptAt, retryAt)
                    .SetProperty(m => m.LockToken, (Guid?)null)
                    .SetProperty(m => m.LockedUntil, (DateTime?)null), cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return sent.Count;
    }

    private long _nextRelaySweep;

    /// <summary>
    /// A relayed row whose handler has not finished within <see cref="MessagingOptions.RelayTimeout"/>
    /// goes back to pending and is relayed again: nothing the broker confirmed is lost for good, even
    /// if the broker loses it. The consumer's inbox turns a late duplicate into a no-op.
    /// </summary>
    private async Task RequeueOverdueRelaysAsync(CancellationToken cancellationToken)
    {
        // Looked at now and then, not every round: it is a write, and overdue rows are rare.
        var due = time.GetTimestamp();
        if (_nextRelaySweep != 0 && due < _nextRelaySweep)
        {
            return;
        }
        var every = _options.RelayTimeout < TimeSpan.FromSeconds(30) ? _options.RelayTimeout : TimeSpan.FromSeconds(30);
        _nextRelaySweep = due + (long)(every.TotalSeconds * time.TimestampFrequency);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderlyDbContext>();
        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        var requeued = await db.Set<OutboxMessage>()
            .Where(m => m.Status == OutboxStatus.Relayed && m.NextAttemptAt <= now)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Pending), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (requeued > 0)
        {
            LogRelaysRequeued(requeued);
        }
    }

    private async Task ReleaseLeaseAsync(OutboxMessage row)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OrderlyDbContext>();
            await db.Set<OutboxMessage>()
                .Where(m => m.Id == row.Id && m.LockToken == row.LockToken)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockToken, (Guid?)null).SetProperty(m => m.LockedUntil, (DateTime?)null));
        }
        catch (Exception ex)
        {
            LogFailureNotRecorded(ex, row.Id);
        }
    }

    private async Task ReleaseAllLeasesAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OrderlyDbContext>();
            var released = await db.Set<OutboxMessage>()
                .Where(m => m.Status == OutboxStatus.Pending && m.LockToken != null)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockToken, (Guid?)null).SetProperty(m => m.LockedUntil, (DateTime?)null), cancellationToken);
            if (released > 0)
            {
                LogLeasesReleased(released);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRoundFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox dispatch round failed")]
    private partial void LogRoundFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release outbox row {RowId}; its lease will expire and it will run again")]
    private partial void LogFailureNotRecorded(Exception exception, long rowId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The broker did not take {Count} outbox rows; they are relayed again later")]
    private partial void LogRelayFailed(Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} relayed outbox rows were not handled within the relay timeout; relaying them again")]
    private partial void LogRelaysRequeued(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Released {Count} outbox leases left by a previous run")]
    private partial void LogLeasesReleased(int count);
}
