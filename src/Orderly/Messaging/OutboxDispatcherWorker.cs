using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.Messaging;

/// <summary>
/// The outbox relay: claims due rows with a lease, runs each row's handler in its own scope and
/// transaction, records the inbox entry with the handler's changes, and reschedules failures with
/// exponential backoff and full jitter until <see cref="MessagingOptions.MaxAttempts"/>, after which
/// the row is dead-lettered (visible and retryable through the admin API). Rows are only ever marked
/// done in the same transaction as the handler's effects, so a crash at any point loses nothing.
/// </summary>
public sealed partial class OutboxDispatcherWorker(
    IServiceScopeFactory scopes,
    HandlerRegistry registry,
    IOutboxClaim claim,
    OutboxSignal signal,
    TimeProvider time,
    IOptions<MessagingOptions> options,
    IOptions<OrderlyOptions> orderly,
    ILogger<OutboxDispatcherWorker> logger) : BackgroundService
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
        var claimed = await ClaimAsync(cancellationToken);
        if (claimed.Count == 0)
        {
            return 0;
        }

        await Parallel.ForEachAsync(claimed,
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrency, CancellationToken = CancellationToken.None },
            async (row, _) => await ProcessAsync(row, cancellationToken));
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

    private async Task ProcessAsync(OutboxMessage row, CancellationToken stoppingToken)
    {
        var registration = registry.Find(row.MessageType, row.Handler);
        using var activity = MessagingTelemetry.Source.StartActivity(
            $"handle {row.MessageType}", ActivityKind.Consumer, row.TraceParent);
        activity?.SetTag("messaging.message.id", row.MessageId);
        activity?.SetTag("orderly.handler", row.Handler);
        using var logScope = logger.BeginScope(new Dictionary<string, object> { ["MessageId"] = row.MessageId, ["Handler"] = row.Handler });

        using var timeout = new CancellationTokenSource(_options.HandlerTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        var started = time.GetTimestamp();
        try
        {
            if (registration is null)
            {
                throw new InvalidOperationException($"No handler '{row.Handler}' for '{row.MessageType}' in this build.");
            }
            await HandleAsync(row, registration, linked.Token);
            MessagingTelemetry.Handled.Add(1, new KeyValuePair<string, object?>("handler", row.Handler));
            MessagingTelemetry.HandlerDuration.Record(time.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("handler", row.Handler));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: hand the row back untouched so the next start takes it at once.
            await ReleaseLeaseAsync(row);
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            await RecordFailureAsync(row, ex);
        }
    }

    private async Task HandleAsync(OutboxMessage row, HandlerRegistration registration, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderlyDbContext>();

        var alreadyHandled = await db.Set<InboxEntry>().AnyAsync(i => i.MessageId == row.MessageId && i.Handler == row.Handler, cancellationToken);
        if (alreadyHandled)
        {
            await MarkDoneAsync(db, row, cancellationToken);
            return;
        }

        var message = JsonSerializer.Deserialize(row.Payload, registration.MessageType, Outbox.Json)
            ?? throw new InvalidOperationException("Empty message payload.");
        var handler = scope.ServiceProvider.GetRequiredService(registration.HandlerType);
        var context = new MessageContext(row.MessageId, row.MessageType, row.Attempts + 1, row.CreatedAt, row.TraceParent);

        if (registration.ExternalEffects)
        {
            // I/O first, without holding the database's write lock; then commit what it tracked.
            await registration.Invoke(handler, message, context, cancellationToken);
            await using var transaction = await db.BeginWriteAsync(cancellationToken);
            if (!await CompleteAsync(db, row, transaction, cancellationToken))
            {
                return;
            }
        }
        else
        {
            await using var transaction = await db.BeginWriteAsync(cancellationToken);
            await registration.Invoke(handler, message, context, cancellationToken);
            if (!await CompleteAsync(db, row, transaction, cancellationToken))
            {
                return;
            }
        }
        foreach (var action in context.AfterCommit)
        {
            await action();
        }
    }

    private async Task<bool> CompleteAsync(OrderlyDbContext db, OutboxMessage row, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction, CancellationToken cancellationToken)
    {
        db.Set<InboxEntry>().Add(new InboxEntry { MessageId = row.MessageId, Handler = row.Handler, ProcessedAt = time.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(cancellationToken);
        if (!await MarkDoneAsync(db, row, cancellationToken))
        {
            // Our lease ran out and someone else owns the row now: let them do it.
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private async Task<bool> MarkDoneAsync(OrderlyDbContext db, OutboxMessage row, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var updated = await db.Set<OutboxMessage>()
            .Where(m => m.Id == row.Id && m.LockToken == row.LockToken)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, OutboxStatus.Done)
                .SetProperty(m => m.ProcessedAt, now)
                .SetProperty(m => m.LockToken, (Guid?)null)
                .SetProperty(m => m.LockedUntil, (DateTime?)null), cancellationToken);
        return updated == 1;
    }

    private async Task RecordFailureAsync(OutboxMessage row, Exception exception)
    {
        var attempts = row.Attempts + 1;
        var deadLetter = attempts >= _options.MaxAttempts;
        var now = time.GetUtcNow().UtcDateTime;
#pragma warning disable CA5394 // jitter is not a secret
        var delay = Backoff.FullJitter(attempts, _options.BackoffBase, _options.BackoffCap, Random.Shared.NextDouble());
#pragma warning restore CA5394
        // Exception type and message only: payloads may carry personal data and never reach logs.
        var error = $"{exception.GetType().Name}: {exception.Message}";
        if (error.Length > 2000)
        {
            error = error[..2000];
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OrderlyDbContext>();
            await using var transaction = await db.BeginWriteAsync(CancellationToken.None);
            var recorded = await db.Set<OutboxMessage>()
                .Where(m => m.Id == row.Id && m.LockToken == row.LockToken)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Attempts, attempts)
                    .SetProperty(m => m.LastError, error)
                    .SetProperty(m => m.NextAttemptAt, now + delay)
                    .SetProperty(m => m.Status, deadLetter ? OutboxStatus.DeadLettered : OutboxStatus.Pending)
                    .SetProperty(m => m.ProcessedAt, deadLetter ? now : null)
                    .SetProperty(m => m.LockToken, (Guid?)null)
                    .SetProperty(m => m.LockedUntil, (DateTime?)null));
            // Dead-lettered work raises an alert, committed with the dead-lettering itself. Not for
            // the alert's own deliveries: a failing alert channel must not feed itself.
            if (deadLetter && recorded == 1 && row.MessageType != WireNameAttribute.Of(typeof(MessageDeadLettered)))
            {
                scope.ServiceProvider.GetRequiredService<IOutbox>().Enqueue(new MessageDeadLettered(row.Id, row.MessageType, row.Handler, attempts, error));
                await db.SaveChangesAsync(CancellationToken.None);
            }
            await transaction.CommitAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The lease will expire and the row will be retried; nothing is lost.
            LogFailureNotRecorded(ex, row.Id);
        }

        if (deadLetter)
        {
            MessagingTelemetry.DeadLettered.Add(1, new KeyValuePair<string, object?>("handler", row.Handler));
            LogDeadLettered(exception, row.Id, row.MessageType, row.Handler, attempts);
        }
        else
        {
            LogRetryScheduled(row.Id, row.MessageType, row.Handler, attempts, delay.TotalSeconds, exception.GetType().Name, exception.Message);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the outcome of outbox row {RowId}; its lease will expire and it will run again")]
    private partial void LogFailureNotRecorded(Exception exception, long rowId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Dead-lettered outbox row {RowId} ({MessageType} → {Handler}) after {Attempts} attempts")]
    private partial void LogDeadLettered(Exception exception, long rowId, string messageType, string handler, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox row {RowId} ({MessageType} → {Handler}) failed attempt {Attempts}; retrying in {DelaySeconds:F1} s: {ErrorType}: {ErrorMessage}")]
    private partial void LogRetryScheduled(long rowId, string messageType, string handler, int attempts, double delaySeconds, string errorType, string errorMessage);

    [LoggerMessage(Level = LogLevel.Information, Message = "Released {Count} outbox leases left by a previous run")]
    private partial void LogLeasesReleased(int count);
}
