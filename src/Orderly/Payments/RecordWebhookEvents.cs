using Microsoft.EntityFrameworkCore;
using Orderly.Audit.Contracts;
using Orderly.Messaging;
using Orderly.Orders.Contracts;
using Orderly.Payments.Contracts;
using Orderly.Persistence;

namespace Orderly.Payments;

/// <summary>An authentic provider event (signature verified), with what it means for an order, if anything.</summary>
internal sealed record IncomingEvent(string Provider, string EventId, string EventType, string Payload, PaymentSignal? Signal, SubscriptionSignal? Subscription = null,
    RefundSignal? Refund = null, CancelSignal? Cancel = null)
{
    public Guid? OrderId => Signal?.OrderId ?? Subscription?.OrderId ?? Refund?.OrderId ?? Cancel?.OrderId;
}

/// <summary>A provider's event translated: a payment succeeded or failed for an order.</summary>
/// <param name="Risk">What the provider said about the payment's risk, when the event carries it.</param>
internal sealed record PaymentSignal(bool Succeeded, Guid? OrderId, string PaymentId, long Amount, string Currency, string? FailureReason, PaymentRisk? Risk = null);

/// <summary>
/// A provider's event translated: money went back to the buyer. <see cref="OrderId"/> may be
/// unknown to the provider's event; then the order is the one whose confirmed payment has this
/// provider's <see cref="PaymentId"/>.
/// </summary>
/// <param name="RefundId">The provider's refund id: one <see cref="PaymentRefunded"/> per (provider, refund id).</param>
/// <param name="Cumulative">
/// <see cref="Amount"/> is everything refunded on the payment so far (Stripe <c>amount_refunded</c>, a
/// WooCommerce order <c>refunded</c>): the refund is what exceeds the refunds already reported.
/// </param>
internal sealed record RefundSignal(Guid? OrderId, string? PaymentId, string RefundId, long Amount, string Currency, IReadOnlyList<Guid>? OrderLineIds, string? Reason,
    bool Cumulative = false);

/// <summary>A provider's event translated: the provider's side of the order was cancelled.</summary>
internal sealed record CancelSignal(Guid? OrderId, string Reason);

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
    public const string PaymentRefunded = "payment_refunded";
    public const string AlreadyRefunded = "already_refunded";
    public const string CancelRequested = "cancel_requested";

    /// <summary>
    /// The rule, without a database: <paramref name="stored"/> are the event ids already stored
    /// (or earlier in the batch), <paramref name="paid"/> the orders already paid. Accepting an
    /// event adds to both, so a batch behaves exactly like the same events one after another.
    /// <paramref name="refunds"/> are the refund ids already reported (accepting a refund adds its
    /// id); a refund of nothing (a cumulative amount already reported) is not reported again.
    /// </summary>
    public static string Decide(IncomingEvent incoming, ISet<string> stored, IReadOnlySet<Guid> knownOrders, ISet<Guid> paid, ISet<string>? refunds = null)
    {
        if (!stored.Add(incoming.EventId))
        {
            return Duplicate;
        }
        if (incoming.Signal is null && incoming.Subscription is null && incoming.Refund is null && incoming.Cancel is null)
        {
            return Ignored;
        }
        if (incoming.OrderId is not { } orderId || !knownOrders.Contains(orderId))
        {
            return UnknownOrder;
        }
        if (incoming.Refund is { } refund)
        {
            return refund.Amount > 0 && (refunds ?? new HashSet<string>()).Add(refund.RefundId) ? PaymentRefunded : AlreadyRefunded;
        }
        if (incoming.Cancel is not null)
        {
            return CancelRequested;
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

    protected override async Task<IReadOnlyList<string>> WriteBatchAsync(IReadOnlyList<IncomingEvent> received)
    {
        for (var round = 1; ; round++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var services = scope.ServiceProvider;
            var db = services.GetRequiredService<OrderlyDbContext>();
            var ct = CancellationToken.None;
            await using var transaction = await db.BeginWriteAsync(ct);
            var batch = await RefundsWithOrdersAsync(db, received, ct);
            var refunds = await ReportedRefundsAsync(db, batch, ct);

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
                var incoming = refunds.Increment(batch[i]);
                outcomes[i] = WebhookOutcomes.Decide(incoming, storedByProvider[incoming.Provider], known, paid, refunds.Ids(incoming.Provider));
                if (outcomes[i] == WebhookOutcomes.Duplicate)
                {
                    continue;
                }
                Act(db, outbox, audit, incoming, outcomes[i], now);
                if (outcomes[i] == WebhookOutcomes.PaymentRefunded)
                {
                    refunds.Reported(incoming.Provider, incoming.Refund!.OrderId!.Value, incoming.Refund.Amount);
                }
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
                outbox.Enqueue(new PaymentSucceeded(orderId, incoming.Provider, signal.PaymentId, signal.Amount, signal.Currency, incoming.EventId, now, signal.Risk));
                audit.Append("PaymentReceived", orderId, incoming.Provider, new { eventId = incoming.EventId, paymentId = signal.PaymentId, signal.Amount, signal.Currency });
                break;
            case WebhookOutcomes.PaymentFailed:
                outbox.Enqueue(new PaymentFailed(signal!.OrderId!.Value, incoming.Provider, signal.PaymentId, signal.FailureReason, now));
                audit.Append("PaymentFailed", signal.OrderId, incoming.Provider, new { eventId = incoming.EventId, paymentId = signal.PaymentId, reason = signal.FailureReason });
                break;
            case WebhookOutcomes.PaymentRefunded:
                var refund = incoming.Refund!;
                var refundedOrder = refund.OrderId!.Value;
                db.Set<ReportedRefund>().Add(new ReportedRefund
                {
                    Id = Guid.CreateVersion7(time.GetUtcNow()),
                    Provider = incoming.Provider,
                    RefundId = refund.RefundId,
                    OrderId = refundedOrder,
                    Amount = refund.Amount,
                    Currency = refund.Currency,
                    ReportedAt = now,
                });
                outbox.Enqueue(new PaymentRefunded(refundedOrder, incoming.Provider, refund.RefundId, refund.Amount, refund.Currency, refund.OrderLineIds, refund.Reason, now));
                audit.Append("PaymentRefunded", refundedOrder, incoming.Provider,
                    new { eventId = incoming.EventId, refundId = refund.RefundId, refund.Amount, refund.Currency, lines = refund.OrderLineIds, reason = refund.Reason });
                break;
            case WebhookOutcomes.CancelRequested:
                var cancel = incoming.Cancel!;
                outbox.Enqueue(new OrderCancelRequested(cancel.OrderId!.Value, incoming.Provider, cancel.Reason, now));
                audit.Append("OrderCancelRequested", cancel.OrderId, incoming.Provider, new { eventId = incoming.EventId, reason = cancel.Reason });
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

    /// <summary>A refund names the provider's payment, not the order: the order is the one that payment confirmed.</summary>
    private static async Task<IReadOnlyList<IncomingEvent>> RefundsWithOrdersAsync(OrderlyDbContext db, IReadOnlyList<IncomingEvent> batch, CancellationToken ct)
    {
        var lookups = batch.Where(e => e.Refund is { OrderId: null, PaymentId: not null }).Select(e => e.Refund!.PaymentId!).Distinct().ToList();
        if (lookups.Count == 0)
        {
            return batch;
        }
        var payments = await db.Set<Payment>().AsNoTracking().Where(p => lookups.Contains(p.ProviderPaymentId))
            .Select(p => new { p.Provider, p.ProviderPaymentId, p.OrderId }).ToListAsync(ct);
        return batch.Select(e => e.Refund is { OrderId: null, PaymentId: { } paymentId } refund
                && payments.FirstOrDefault(p => p.Provider == e.Provider && p.ProviderPaymentId == paymentId) is { } payment
            ? e with { Refund = refund with { OrderId = payment.OrderId } }
            : e).ToList();
    }

    private static async Task<RefundLedger> ReportedRefundsAsync(OrderlyDbContext db, IReadOnlyList<IncomingEvent> batch, CancellationToken ct)
    {
        var orders = batch.Select(e => e.Refund?.OrderId).OfType<Guid>().Distinct().ToList();
        var rows = orders.Count == 0 ? [] : await db.Set<ReportedRefund>().AsNoTracking().Where(r => orders.Contains(r.OrderId))
            .Select(r => new RefundLedger.Row(r.Provider, r.RefundId, r.OrderId, r.Amount)).ToListAsync(ct);
        return new RefundLedger(rows);
    }

    /// <summary>The refunds already reported for the batch's orders, kept current while the batch is decided.</summary>
    private sealed class RefundLedger(IEnumerable<RefundLedger.Row> rows)
    {
        public sealed record Row(string Provider, string RefundId, Guid OrderId, long Amount);

        private readonly List<Row> _rows = rows.ToList();
        private readonly Dictionary<string, HashSet<string>> _ids = new(StringComparer.Ordinal);

        public HashSet<string> Ids(string provider)
        {
            if (!_ids.TryGetValue(provider, out var ids))
            {
                ids = _rows.Where(r => r.Provider == provider).Select(r => r.RefundId).ToHashSet(StringComparer.Ordinal);
                _ids[provider] = ids;
            }
            return ids;
        }

        /// <summary>A cumulative refund becomes the part not reported yet for the order (zero when nothing is new).</summary>
        public IncomingEvent Increment(IncomingEvent incoming)
        {
            if (incoming.Refund is not { Cumulative: true, OrderId: { } orderId } refund)
            {
                return incoming;
            }
            var reported = _rows.Where(r => r.Provider == incoming.Provider && r.OrderId == orderId).Sum(r => r.Amount);
            return incoming with { Refund = refund with { Amount = Math.Max(0, refund.Amount - reported), Cumulative = false } };
        }

        public void Reported(string provider, Guid orderId, long amount) => _rows.Add(new Row(provider, "", orderId, amount));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Provider} event {EventId} ({EventType}) names no known order; stored and acknowledged")]
    private static partial void LogUnknownOrder(ILogger logger, string provider, string eventId, string eventType);
}
