using Microsoft.EntityFrameworkCore;
using Orderly.Accounts.Contracts;
using Orderly.Audit.Contracts;
using Orderly.Fraud.Contracts;
using Orderly.Fulfillment.Contracts;
using Orderly.Messaging;
using Orderly.Payments.Contracts;
using Orderly.Persistence;

namespace Orderly.Fulfillment;

/// <summary>Internal: both preconditions hold; allocate and hand over to delivery.</summary>
[WireName("fulfillment.fulfillment_requested")]
internal sealed record FulfillmentRequested(Guid OrderId);

/// <summary>
/// Records payment and account readiness on the order's <see cref="FulfillmentJob"/>; whichever
/// arrives second requests fulfillment. Both handlers are plain guarded updates, so duplicates and
/// any arrival order give exactly one <see cref="FulfillmentRequested"/>. The first confirmation of
/// the payment is screened for fraud right here, in the same transaction: a clean order goes on at
/// once, a risky one is held (<see cref="FulfillmentOnHold"/>) until its review approves it.
/// </summary>
internal sealed class TrackFulfillmentPrerequisites(OrderlyDbContext db, IOutbox outbox, IFraudScreen fraud, IAuditLog audit, TimeProvider time) :
    IMessageHandler<PaymentSucceeded>, IMessageHandler<AccountReady>
{
    public async Task HandleAsync(PaymentSucceeded message, MessageContext context, CancellationToken cancellationToken)
    {
        var job = await FindOrAddAsync(message.OrderId, cancellationToken);
        if (job.PaymentConfirmedAt is null)
        {
            job.PaymentConfirmedAt = message.At;
            job.PaidAmount = message.Amount;
            job.PaidCurrency = message.Currency;
            var verdict = await fraud.ScreenAsync(message, cancellationToken);
            if (verdict.Hold)
            {
                Hold(job, verdict);
            }
        }
        await RequestIfReadyAsync(job, cancellationToken);
    }

    public async Task HandleAsync(AccountReady message, MessageContext context, CancellationToken cancellationToken)
    {
        var job = await FindOrAddAsync(message.OrderId, cancellationToken);
        if (job.AccountReadyAt is null)
        {
            job.AccountReadyAt = time.GetUtcNow().UtcDateTime;
            job.CustomerId = message.CustomerId;
            job.Email = message.Email;
        }
        await RequestIfReadyAsync(job, cancellationToken);
    }

    private async Task<FulfillmentJob> FindOrAddAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var job = await db.Set<FulfillmentJob>().FirstOrDefaultAsync(j => j.OrderId == orderId, cancellationToken);
        if (job is null)
        {
            job = new FulfillmentJob { OrderId = orderId };
            db.Set<FulfillmentJob>().Add(job);
        }
        return job;
    }

    private void Hold(FulfillmentJob job, FraudVerdict verdict)
    {
        var reason = $"fraud review: score {verdict.Score}; {string.Join("; ", verdict.Reasons)}";
        job.HeldForReviewAt = time.GetUtcNow().UtcDateTime;
        job.BlockedReason = reason.Length <= 500 ? reason : reason[..500];
        outbox.Enqueue(new FulfillmentOnHold(job.OrderId, job.BlockedReason));
        audit.Append("FulfillmentHeldForReview", job.OrderId, "system", new { verdict.Score, verdict.Reasons });
    }

    private async Task RequestIfReadyAsync(FulfillmentJob job, CancellationToken cancellationToken)
    {
        if (job.TryRequest(time.GetUtcNow().UtcDateTime))
        {
            outbox.Enqueue(new FulfillmentRequested(job.OrderId));
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
