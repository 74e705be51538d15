using Microsoft.EntityFrameworkCore;
using Orderly.Audit.Contracts;
using Orderly.Messaging;
using Orderly.Orders.Contracts;
using Orderly.Payments.Contracts;
using Orderly.Persistence;

namespace Orderly.Payments;

/// <summary>An authentic provider event (signature verified), with what it means for an order, if anything.</summary>
internal sealed record IncomingEvent(string Provider, string EventId, string EventType, string Payload, PaymentSignal? Signal, SubscriptionSignal? Subscription = null)
{
    public Guid? OrderId => Signal?.OrderId ?? Subscription?.OrderId;
}

/// <summary>A provider's event translated: a payment succeeded or failed for an order.</summary>
internal sealed record PaymentSignal(bool Succeeded, Guid? OrderId, string PaymentId, long Amount, string Currency, string? FailureReason);

/// <summary>
/// A provider's subscription event translated: the subscription that an order started was paid
/// through <see cref="PaidThrough"/> (a renewal), or it ended at <see cref="At"/>.
/// </summary>
internal sealed record SubscriptionSignal(Guid? OrderId, string SubscriptionId, bool Ended, DateTime? PaidThrough, DateTime At);

/// <summary>What recording an event did (the webhook's answer and metric label).</summary>
internal static class WebhookOutcomes
{
    public const string Duplicate = "duplicate";
    public const string Ignored = "ignored";
    public const string UnknownOrder = "unknown_order";
    public const string AlreadyPaid = "already_paid";
    public const string PaymentSucceeded = "payment_succeeded";
    public const string PaymentFailed = "payment_failed";
    public const string SubscriptionRenewed = "subscription_renewed";
    public const string SubscriptionEnded = "subscription_ended";

    /// <summary>
    /// The rule, without a database: <paramref name="stored"/> are the event ids already stored
    /// (or earlier in the batch), <paramref name="paid"/> the orders already paid. Accepting an
    /// event adds to both, so a batch behaves exactly like the same events one after another.
    /// </summary>
    public static string Decide(IncomingEvent incoming, ISet<string> stored, IReadOnlySet<Guid> knownOrders, ISet<Guid> paid)
    {
        if (!stored.Add(incoming.EventId))
        {
            return Duplicate;
        }
        if (incoming.Signal is null && incoming.Subscription is null)
        {
            return Ignored;
        }
        if (incoming.OrderId is not { } orderId || !knownOrders.Contains(orderId))
        {
            return UnknownOrder;
        }
        if (incoming.Subscription is { } subscription)
        {
            return subscription.Ended ? SubscriptionEnded : SubscriptionRenewed;
        }
        var signal = incoming.Signal!;
        if (!signal.Succeeded)
        {
            return PaymentFailed;
        }
        return paid.Add(orderId) ? PaymentSucceeded : AlreadyPaid;
    }
}

/// <summary>
/// Stores authentic webhook events and acts on them by group commit
/// (<see cref="GroupCommit{TItem,TResult}"/>): the deliveries of one moment share one transaction
/// — one read of stored event ids, known orders and existing payments, then the raw events,
/// payments, outbox rows and audit entries, one commit. A webhook is acknowledged only after that
/// commit. Another instance committing the same event or a payment for the same order first fails
/// a unique index; the batch then starts over and reads it as a duplicate.
/// </summary>
internal sealed partial class WebhookRecorder(IServiceScopeFactory scopes, IWriteGate writeGate, TimeProvider time, ILogger<WebhookRecorder> logger)
    : GroupCommit<IncomingEvent, string>(writeGate, logger)
{
    private const int MaxRounds = 3;

    protected override int MaxBatchSize => 128;

    public Task<string> RecordAsync(IncomingEvent incoming, CancellationToken cancellationToken) => SubmitAsync(incoming, cancellationToken);

    protected override async Task<IReadOnlyList<string>> WriteBatchAsync(IReadOnlyList<IncomingEvent> batch)
    {
        for (var round = 1; ; round++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var services = scope.ServiceProvider;
            var db = services.GetRequiredService<OrderlyDbContext>();
            var ct = CancellationToken.None;
            await using var transaction = await db.BeginWriteAsync(ct);

            var providers = batch.Select(e => e.Provider).Distinct().ToList();
            var eventIds = batch.Select(e => e.EventId).Distinct().ToList();
            var storedRows = await db.Set<WebhookEvent>().AsNoTracking().Where(e => providers.Contains(e.Provider) && eventIds.Contains(e.EventId))
                .Select(e => new { e.Provider, e.EventId }).ToListAsync(ct);
            var orderIds = batch.Select(e => e.OrderId).OfType<Guid>().Distinct().ToList();
            var known = orderIds.Count == 0 ? new HashSet<Guid>() : await services.GetRequiredService<IOrderBook>().ExistingAsync(orderIds, ct);
            var paid = orderIds.Count == 0 ? new HashSet<Guid>() : (await db.Set<Payment>().AsNoTracking().Where(p => orderIds.Contains(p.OrderId)).Select(p => p.OrderId).ToListAsync(ct)).ToHashSet();

            var outbox = services.GetRequiredService<IOutbox>();
            var audit = services.GetRequiredService<IAuditLog>();
            var now = time.GetUtcNow().UtcDateTime;
            var outcomes = new string[batch.Count];
            var storedByProvider = providers.ToDictionary(p => p, p => storedRows.Where(r => r.Provider == p).Select(r => r.EventId).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
            for (var i = 0; i < batch.Count; i++)
            {
                var incoming = batch[i];
                outcomes[i] = WebhookOutcomes.Decide(incoming, storedByProvider[incoming.Provider], known, paid);
                if (outcomes[i] == WebhookOutcomes.Duplicate)
                {
                    continue;
                }
                Act(db, outbox, audit, incoming, outcomes[i], now);
                db.Set<WebhookEvent>().Add(new WebhookEvent
                {
                    Id = Guid.CreateVersion7(time.GetUtcNow()),
                    Provider = incoming.Provider,
                    EventId = incoming.EventId,
                    EventType = incoming.EventType,
                    ReceivedAt = now,
                    Payload = incoming.Payload,
                    OrderId = incoming.OrderId,
                    Outcome = outcomes[i],
                });
            }
            try
            {
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return outcomes;
            }
            catch (DbUpdateException) when (round < MaxRounds)
            {
                // Another instance committed one of these events, or a payment for one of these
                // orders, first (unique indexes decided). Start over: it now reads as such.
                await transaction.RollbackAsync(ct);
            }
        }
    }

    private void Act(OrderlyDbContext db, IOutbox outbox, IAuditLog audit, IncomingEvent incoming, string outcome, DateTime now)
    {
        var signal = incoming.Signal;
        switch (outcome)
        {
            case WebhookOutcomes.UnknownOrder:
                LogUnknownOrder(logger, incoming.Provider, incoming.EventId, incoming.EventType);
                break;
            case WebhookOutcomes.PaymentSucceeded:
                var orderId = signal!.OrderId!.Value;
                db.Set<Payment>().Add(new Payment
                {
                    Id = Guid.CreateVersion7(time.GetUtcNow()),
                    OrderId = orderId,
                    Provider = incoming.Provider,
                    ProviderPaymentId = signal.PaymentId,
                    Amount = signal.Amount,
                    Currency = signal.Currency,
                    ConfirmedAt = now,
                });
                outbox.Enqueue(new PaymentSucceeded(orderId, incoming.Provider, signal.PaymentId, signal.Amount, signal.Currency, incoming.EventId, now));
                audit.Append("PaymentReceived", orderId, incoming.Provider, new { eventId = incoming.EventId, paymentId = signal.PaymentId, signal.Amount, signal.Currency });
                break;
            case WebhookOutcomes.PaymentFailed:
                outbox.Enqueue(new PaymentFailed(signal!.OrderId!.Value, incoming.Provider, signal.PaymentId, signal.FailureReason, now));
                audit.Append("PaymentFailed", signal.OrderId, incoming.Provider, new { eventId = incoming.EventId, paymentId = signal.PaymentId, reason = signal.FailureReason });
                break;
            case WebhookOutcomes.SubscriptionRenewed or WebhookOutcomes.SubscriptionEnded:
                var subscription = incoming.Subscription!;
                var subscriptionOrder = subscription.OrderId!.Value;
                if (subscription.Ended)
                {
                    outbox.Enqueue(new SubscriptionEnded(subscriptionOrder, incoming.Provider, subscription.SubscriptionId, subscription.At, incoming.EventId));
                }
                else
                {
                    outbox.Enqueue(new SubscriptionRenewed(subscriptionOrder, incoming.Provider, subscription.SubscriptionId, subscription.PaidThrough!.Value, incoming.EventId));
                }
                audit.Append(subscription.Ended ? "SubscriptionEnded" : "SubscriptionRenewed", subscriptionOrder, incoming.Provider,
                    new { eventId = incoming.EventId, subscriptionId = subscription.SubscriptionId, paidThrough = subscription.PaidThrough, at = subscription.At });
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Provider} event {EventId} ({EventType}) names no known order; stored and acknowledged")]
    private static partial void LogUnknownOrder(ILogger logger, string provider, string eventId, string eventType);
}
