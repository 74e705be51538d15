using System.Diagnostics;
using System.Linq.Expressions;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Orderly.Persistence;

namespace Orderly.Messaging;

/// <summary>
/// One delivery of one message to one handler, whichever transport brought it: a claimed outbox row
/// (database transport) or a broker message (RabbitMQ transport).
/// </summary>
/// <param name="Attempt">1 for the first try; the outbox row's failed attempts + 1.</param>
/// <param name="Row">
/// The outbox row that tracks this delivery. Its outcome (done, retry, dead letter) is written there
/// and nowhere else, so the admin dead-letter API works the same for every transport. The database
/// transport adds its lock token, so a dispatcher whose lease ran out changes nothing.
/// </param>
public sealed record Delivery(
    Guid MessageId,
    string MessageType,
    string Handler,
    string Payload,
    int Attempt,
    DateTime EnqueuedAt,
    string? TraceParent,
    Expression<Func<OutboxMessage, bool>> Row);

public enum DeliveryOutcome
{
    /// <summary>The handler's effects and the inbox entry committed.</summary>
    Handled,

    /// <summary>The inbox already had (message id, handler): a duplicate, nothing ran.</summary>
    AlreadyHandled,

    /// <summary>The handler failed; the row waits for its next attempt.</summary>
    RetryScheduled,

    /// <summary>The handler failed its last attempt; the row is dead-lettered.</summary>
    DeadLettered,

    /// <summary>No outbox row matched (a lost lease, or a broker message no row tracks); nothing committed.</summary>
    Untracked,

    /// <summary>The handler failed and recording that failed too (database down).</summary>
    FailureNotRecorded,

    /// <summary>The process is shutting down; the delivery was abandoned untouched.</summary>
    Stopped,
}

/// <summary>The message cannot be handled by any build of this handler: unknown type or handler, or an unreadable payload.</summary>
public sealed class UndeliverableMessageException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// What happens to every delivery, for both transports: the inbox check, the handler in its own scope
/// and transaction (or before it, for <see cref="ExternalEffectsAttribute"/> handlers), the inbox entry
/// and the row marked done in that same transaction, then the after-commit actions. A failure
/// reschedules the row with exponential backoff and full jitter until
/// <see cref="MessagingOptions.MaxAttempts"/>, then dead-letters it and publishes
/// <see cref="MessageDeadLettered"/> in the same transaction.
/// </summary>
public sealed partial class HandlerPipeline(
    IServiceScopeFactory scopes,
    HandlerRegistry registry,
    TimeProvider time,
    IOptions<MessagingOptions> options,
    ILogger<HandlerPipeline> logger)
{
    private readonly MessagingOptions _options = options.Value;

    /// <summary>Finds the handler and reads the payload; throws <see cref="UndeliverableMessageException"/> when either is impossible.</summary>
    public (HandlerRegistration Registration, object Message) Decode(string messageType, string handler, string payload)
    {
        var registration = registry.Find(messageType, handler)
            ?? throw new UndeliverableMessageException($"No handler '{handler}' for '{messageType}' in this build.");
        try
        {
            var message = JsonSerializer.Deserialize(payload, registration.MessageType, Outbox.Json)
                ?? throw new UndeliverableMessageException("Empty message payload.");
            return (registration, message);
        }
        catch (JsonException ex)
        {
            // The JSON error names a path and a position, never the payload's values.
            throw new UndeliverableMessageException($"The payload is not a readable '{messageType}'.", ex);
        }
    }

    public Task<DeliveryOutcome> RunAsync(Delivery delivery, CancellationToken stoppingToken) => RunAsync(delivery, decoded: null, stoppingToken);

    /// <summary>Runs a delivery whose message the caller already decoded (with <see cref="Decode"/>), so it is not read twice.</summary>
    public async Task<DeliveryOutcome> RunAsync(Delivery delivery, (HandlerRegistration Registration, object Message)? decoded, CancellationToken stoppingToken)
    {
        using var activity = StartActivity(delivery);
        using var logScope = logger.BeginScope(new Dictionary<string, object> { ["MessageId"] = delivery.MessageId, ["Handler"] = delivery.Handler });

        using var timeout = new CancellationTokenSource(_options.HandlerTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        var started = time.GetTimestamp();
        try
        {
            var (registration, message) = decoded ?? Decode(delivery.MessageType, delivery.Handler, delivery.Payload);
            var outcome = await HandleAsync(delivery, registration, message, linked.Token);
            if (outcome == DeliveryOutcome.Handled)
            {
                MessagingTelemetry.Handled.Add(1, new KeyValuePair<string, object?>("handler", delivery.Handler));
                MessagingTelemetry.HandlerDuration.Record(time.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("handler", delivery.Handler));
            }
            return outcome;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return DeliveryOutcome.Stopped;
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            return await RecordFailureAsync(delivery, ex);
        }
    }

    /// <summary>True when the handler runs inside the dispatcher's transaction, so its deliveries can share one (<see cref="RunBatchAsync"/>).</summary>
    public bool RunsInTransaction(string messageType, string handler) => registry.Find(messageType, handler) is { ExternalEffects: false };

    /// <summary>
    /// Runs several deliveries of in-transaction handlers in one scope and one transaction: one inbox
    /// read, each handler in turn (its changes saved before the next one reads), every inbox entry, one
    /// update marking the rows done, one commit. A paid order takes about eight handler runs; sharing
    /// the transaction (and on SQLite the single writer's turn) between many of them is what lets the
    /// pipeline keep up with checkout's group commit.
    /// When a handler fails, the batch rolls back, that delivery's failure is recorded exactly as if it
    /// had run alone (one attempt, backoff, dead letter), and the rest run again as a batch without it.
    /// A failure no delivery can be blamed for (the commit) sends the rest to one-by-one runs.
    /// </summary>
    /// <param name="rowsOf">
    /// Filters that together match exactly the outbox rows of the given deliveries, while they are
    /// still ours (one filter per handler when a row is known by message id and handler).
    /// </param>
    public Task<IReadOnlyList<DeliveryOutcome>> RunBatchAsync(
        IReadOnlyList<Delivery> deliveries,
        Func<IReadOnlyList<Delivery>, IReadOnlyList<Expression<Func<OutboxMessage, bool>>>> rowsOf,
        CancellationToken stoppingToken) =>
        RunBatchAsync(deliveries, new (HandlerRegistration, object)?[deliveries.Count], rowsOf, stoppingToken);

    /// <summary>The same, for deliveries whose messages the caller already decoded (null where it did not).</summary>
    public async Task<IReadOnlyList<DeliveryOutcome>> RunBatchAsync(
        IReadOnlyList<Delivery> deliveries,
        IReadOnlyList<(HandlerRegistration Registration, object Message)?> alreadyDecoded,
        Func<IReadOnlyList<Delivery>, IReadOnlyList<Expression<Func<OutboxMessage, bool>>>> rowsOf,
        CancellationToken stoppingToken)
    {
        var outcomes = new DeliveryOutcome[deliveries.Count];
        var pending = new List<int>();
        var decoded = new (HandlerRegistration Registration, object Message)[deliveries.Count];
        for (var i = 0; i < deliveries.Count; i++)
        {
            try
            {
                decoded[i] = alreadyDecoded[i] ?? Decode(deliveries[i].MessageType, deliveries[i].Handler, deliveries[i].Payload);
                pending.Add(i);
            }
            catch (UndeliverableMessageException)
            {
                outcomes[i] = await RunAsync(deliveries[i], stoppingToken);
            }
        }

        // Deliveries that lock a row run after the others, in the order of their keys: every batch
        // takes its locks in one global order, so two batches (two instances, or two writers of one)
        // cannot deadlock on them, and the locks are held only for the end of the batch (ADR 0030).
        // The sort is stable: two deliveries for one row keep their order of arrival.
        pending = [.. pending.OrderBy(i => decoded[i].Registration.LockKey is { } key ? (1, key(decoded[i].Message)) : (0, Guid.Empty))];

        while (pending.Count > 1)
        {
            try
            {
                var batch = pending.Select(i => deliveries[i]).ToList();
                var handled = await HandleBatchAsync(batch, pending.Select(i => decoded[i]).ToList(), rowsOf(batch), stoppingToken);
                if (handled is null)
                {
                    break;
                }
                for (var j = 0; j < pending.Count; j++)
                {
                    outcomes[pending[j]] = handled[j];
                }
                return outcomes;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                pending.ForEach(i => outcomes[i] = DeliveryOutcome.Stopped);
                return outcomes;
            }
            catch (BatchItemFailedException failed)
            {
                var index = pending[failed.Position];
                outcomes[index] = await RecordFailureAsync(deliveries[index], failed.InnerException!);
                pending.RemoveAt(failed.Position);
            }
            catch (Exception ex)
            {
                LogBatchFellBack(ex, pending.Count);
                break;
            }
        }
        foreach (var i in pending)
        {
            outcomes[i] = await RunAsync(deliveries[i], decoded[i], stoppingToken);
        }
        return outcomes;
    }

    /// <summary>The handler (or the saving of its changes) at <see cref="Position"/> in the batch failed.</summary>
    private sealed class BatchItemFailedException(int position, Exception inner) : Exception(inner.Message, inner)
    {
        public int Position { get; } = position;
    }

    /// <returns>the outcomes, or null when not every row was still ours (nothing committed).</returns>
    private async Task<IReadOnlyList<DeliveryOutcome>?> HandleBatchAsync(
        List<Delivery> batch,
        List<(HandlerRegistration Registration, object Message)> decoded,
        IReadOnlyList<Expression<Func<OutboxMessage, bool>>> rows,
        CancellationToken stoppingToken)
    {
        using var timeout = new CancellationTokenSource(_options.HandlerTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        var cancellationToken = linked.Token;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderlyDbContext>();

        var messageIds = batch.Select(d => d.MessageId).Distinct().ToList();
        var inbox = await db.Set<InboxEntry>().Where(i => messageIds.Contains(i.MessageId)).Select(i => new { i.MessageId, i.Handler }).ToListAsync(cancellationToken);
        var alreadyHandled = inbox.Select(i => (i.MessageId, i.Handler)).ToHashSet();

        var outcomes = new DeliveryOutcome[batch.Count];
        var contexts = new List<MessageContext>(batch.Count);
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        for (var i = 0; i < batch.Count; i++)
        {
            var delivery = batch[i];
            if (alreadyHandled.Contains((delivery.MessageId, delivery.Handler)))
            {
                outcomes[i] = DeliveryOutcome.AlreadyHandled;
                continue;
            }
            using var activity = StartActivity(delivery);
            activity?.SetTag("orderly.batch_size", batch.Count);
            var started = time.GetTimestamp();
            var context = new MessageContext(delivery.MessageId, delivery.MessageType, delivery.Attempt, delivery.EnqueuedAt, delivery.TraceParent);
            try
            {
                var handler = scope.ServiceProvider.GetRequiredService(decoded[i].Registration.HandlerType);
                await decoded[i].Registration.Invoke(handler, decoded[i].Message, context, cancellationToken);
                db.Set<InboxEntry>().Add(new InboxEntry { MessageId = delivery.MessageId, Handler = delivery.Handler, ProcessedAt = time.GetUtcNow().UtcDateTime });
                // Saved now, so the next handler's queries see it; then forgotten, so each handler
                // starts from the database as it would in a scope of its own.
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
                throw new BatchItemFailedException(i, ex);
            }
            contexts.Add(context);
            outcomes[i] = DeliveryOutcome.Handled;
            MessagingTelemetry.HandlerDuration.Record(time.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("handler", delivery.Handler));
        }

        var updated = 0;
        foreach (var filter in rows)
        {
            updated += await MarkDoneAsync(db, filter, cancellationToken);
        }
        if (updated != batch.Count)
        {
            // A lease ran out under us: let each row's owner (or the one-by-one path) decide.
            await transaction.RollbackAsync(cancellationToken);
            return null;
        }
        await transaction.CommitAsync(cancellationToken);

        for (var i = 0; i < batch.Count; i++)
        {
            if (outcomes[i] == DeliveryOutcome.Handled)
            {
                MessagingTelemetry.Handled.Add(1, new KeyValuePair<string, object?>("handler", batch[i].Handler));
            }
        }
        MessagingTelemetry.BatchSize.Record(batch.Count);
        foreach (var context in contexts)
        {
            foreach (var action in context.AfterCommit)
            {
                try
                {
                    await action();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Committed already: a failed live push must not undo or repeat the others.
                    LogAfterCommitFailed(ex, context.MessageId);
                }
            }
        }
        return outcomes;
    }

    private async Task<DeliveryOutcome> HandleAsync(Delivery delivery, HandlerRegistration registration, object message, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderlyDbContext>();

        var alreadyHandled = await db.Set<InboxEntry>().AnyAsync(i => i.MessageId == delivery.MessageId && i.Handler == delivery.Handler, cancellationToken);
        if (alreadyHandled)
        {
            await MarkDoneAsync(db, delivery.Row, cancellationToken);
            return DeliveryOutcome.AlreadyHandled;
        }

        var handler = scope.ServiceProvider.GetRequiredService(registration.HandlerType);
        var context = new MessageContext(delivery.MessageId, delivery.MessageType, delivery.Attempt, delivery.EnqueuedAt, delivery.TraceParent);

        if (registration.ExternalEffects)
        {
            // I/O first, without holding the database's write lock; then commit what it tracked.
            await registration.Invoke(handler, message, context, cancellationToken);
            await using var transaction = await db.BeginWriteAsync(cancellationToken);
            if (!await CompleteAsync(db, delivery, transaction, cancellationToken))
            {
                return DeliveryOutcome.Untracked;
            }
        }
        else
        {
            await using var transaction = await db.BeginWriteAsync(cancellationToken);
            await registration.Invoke(handler, message, context, cancellationToken);
            if (!await CompleteAsync(db, delivery, transaction, cancellationToken))
            {
                return DeliveryOutcome.Untracked;
            }
        }
        foreach (var action in context.AfterCommit)
        {
            await action();
        }
        return DeliveryOutcome.Handled;
    }

    private async Task<bool> CompleteAsync(OrderlyDbContext db, Delivery delivery, IDbContextTransaction transaction, CancellationToken cancellationToken)
    {
        db.Set<InboxEntry>().Add(new InboxEntry { MessageId = delivery.MessageId, Handler = delivery.Handler, ProcessedAt = time.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(cancellationToken);
        if (await MarkDoneAsync(db, delivery.Row, cancellationToken) != 1)
        {
            // Our lease ran out and someone else owns the row now (or no row tracks this message):
            // roll back, so the row's owner decides.
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <returns>how many rows were marked done.</returns>
    private Task<int> MarkDoneAsync(OrderlyDbContext db, Expression<Func<OutboxMessage, bool>> rows, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return db.Set<OutboxMessage>()
            .Where(rows)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, OutboxStatus.Done)
                .SetProperty(m => m.ProcessedAt, now)
                .SetProperty(m => m.LockToken, (Guid?)null)
                .SetProperty(m => m.LockedUntil, (DateTime?)null), cancellationToken);
    }

    private static Activity? StartActivity(Delivery delivery)
    {
        var activity = MessagingTelemetry.Source.StartActivity($"handle {delivery.MessageType}", ActivityKind.Consumer, delivery.TraceParent);
        activity?.SetTag("messaging.message.id", delivery.MessageId);
        activity?.SetTag("orderly.handler", delivery.Handler);
        return activity;
    }

    private async Task<DeliveryOutcome> RecordFailureAsync(Delivery delivery, Exception exception)
    {
        var attempts = delivery.Attempt;
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

        long? rowId = null;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OrderlyDbContext>();
            await using var transaction = await db.BeginWriteAsync(CancellationToken.None);
            // Read before the update: the dispatcher's row filter includes the lock token it clears.
            rowId = await db.Set<OutboxMessage>().Where(delivery.Row).Select(m => (long?)m.Id).FirstOrDefaultAsync(CancellationToken.None);
            var recorded = await db.Set<OutboxMessage>()
                .Where(delivery.Row)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Attempts, attempts)
                    .SetProperty(m => m.LastError, error)
                    .SetProperty(m => m.NextAttemptAt, now + delay)
                    .SetProperty(m => m.Status, deadLetter ? OutboxStatus.DeadLettered : OutboxStatus.Pending)
                    .SetProperty(m => m.ProcessedAt, deadLetter ? now : null)
                    .SetProperty(m => m.LockToken, (Guid?)null)
                    .SetProperty(m => m.LockedUntil, (DateTime?)null));
            if (recorded == 0 || rowId is null)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                return DeliveryOutcome.Untracked;
            }
            // Dead-lettered work raises an alert, committed with the dead-lettering itself. Not for
            // the alert's own deliveries: a failing alert channel must not feed itself.
            if (deadLetter && delivery.MessageType != WireNameAttribute.Of(typeof(MessageDeadLettered)))
            {
                scope.ServiceProvider.GetRequiredService<IOutbox>().Enqueue(new MessageDeadLettered(rowId.Value, delivery.MessageType, delivery.Handler, attempts, error));
                await db.SaveChangesAsync(CancellationToken.None);
            }
            await transaction.CommitAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogFailureNotRecorded(ex, delivery.MessageId, delivery.Handler);
            return DeliveryOutcome.FailureNotRecorded;
        }

        if (deadLetter)
        {
            MessagingTelemetry.DeadLettered.Add(1, new KeyValuePair<string, object?>("handler", delivery.Handler));
            LogDeadLettered(exception, rowId.Value, delivery.MessageType, delivery.Handler, attempts);
            return DeliveryOutcome.DeadLettered;
        }
        LogRetryScheduled(delivery.MessageId, delivery.MessageType, delivery.Handler, attempts, delay.TotalSeconds, exception.GetType().Name, exception.Message);
        return DeliveryOutcome.RetryScheduled;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "A batch of {Count} deliveries failed; running them one by one")]
    private partial void LogBatchFellBack(Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An after-commit action of message {MessageId} failed")]
    private partial void LogAfterCommitFailed(Exception exception, Guid messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the failure of message {MessageId} → {Handler}; it will run again")]
    private partial void LogFailureNotRecorded(Exception exception, Guid messageId, string handler);

    [LoggerMessage(Level = LogLevel.Error, Message = "Dead-lettered outbox row {RowId} ({MessageType} → {Handler}) after {Attempts} attempts")]
    private partial void LogDeadLettered(Exception exception, long rowId, string messageType, string handler, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} ({MessageType} → {Handler}) failed attempt {Attempts}; retrying in {DelaySeconds:F1} s: {ErrorType}: {ErrorMessage}")]
    private partial void LogRetryScheduled(Guid messageId, string messageType, string handler, int attempts, double delaySeconds, string errorType, string errorMessage);
}
