using Microsoft.EntityFrameworkCore;
using Orderly.Audit.Contracts;
using Orderly.Fraud.Contracts;
using Orderly.Fulfillment.Contracts;
using Orderly.Messaging;
using Orderly.Persistence;

namespace Orderly.Fulfillment;

/// <summary>
/// A fraud review approved a held order: the hold clears, fulfillment is requested (when the
/// account is ready too) and <see cref="FulfillmentResumed"/> moves the order back to Processing.
/// A repeated approval finds no hold and changes nothing.
/// </summary>
internal sealed class ResumeReviewedOrder(OrderlyDbContext db, IOutbox outbox, IAuditLog audit, TimeProvider time) : IMessageHandler<FraudReviewApproved>
{
    public async Task HandleAsync(FraudReviewApproved message, MessageContext context, CancellationToken cancellationToken)
    {
        var job = await db.Set<FulfillmentJob>().FirstOrDefaultAsync(j => j.OrderId == message.OrderId, cancellationToken);
        if (job?.HeldForReviewAt is null)
        {
            return;
        }
        job.HeldForReviewAt = null;
        job.BlockedReason = null;
        var reason = $"fraud review approved by {message.DecidedBy}";
        outbox.Enqueue(new FulfillmentResumed(job.OrderId, reason));
        if (job.TryRequest(time.GetUtcNow().UtcDateTime))
        {
            outbox.Enqueue(new FulfillmentRequested(job.OrderId));
        }
        audit.Append("FulfillmentResumed", job.OrderId, "system", new { reason });
        await db.SaveChangesAsync(cancellationToken);
    }
}
