using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Audit.Contracts;
using Orderly.Fraud.Contracts;
using Orderly.Messaging;
using Orderly.Orders.Contracts;
using Orderly.Persistence;

namespace Orderly.Fraud;

/// <summary>
/// <c>POST /api/admin/fraud/reviews/{orderId}/approve</c>: the hold clears and fulfillment goes on
/// (<see cref="FraudReviewApproved"/>; Fulfillment requests the job and says so with FulfillmentResumed).
/// One guarded update decides, so of two deciders exactly one wins; the other gets 409. An order
/// cancelled or refunded elsewhere while it was held is never approved (the timeout would otherwise
/// deliver codes for money already returned): its review is closed instead.
/// </summary>
internal static class ApproveReview
{
    private static readonly OrderStatus[] Closed = [OrderStatus.Cancelled, OrderStatus.Refunded, OrderStatus.PartiallyRefunded];

    internal sealed class Handler(OrderlyDbContext db, IOrderBook orders, IOutbox outbox, IAuditLog audit, TimeProvider time)
    {
        public async Task<ReviewOutcome> HandleAsync(Guid orderId, string actor, CancellationToken cancellationToken)
        {
            var now = time.GetUtcNow().UtcDateTime;
            if (await orders.FindAsync(orderId, cancellationToken) is { } order && Closed.Contains(order.Status))
            {
                return await CloseAsync(orderId, order.Status, actor, now, cancellationToken);
            }
            await using var transaction = await db.BeginWriteAsync(cancellationToken);
            var decided = await FraudReviews.Open(db, orderId, now).ExecuteUpdateAsync(s => s
                .SetProperty(a => a.Review, ReviewStatus.Approved)
                .SetProperty(a => a.DecidedAt, now)
                .SetProperty(a => a.DecidedBy, actor), cancellationToken);
            if (decided == 0)
            {
                return await FraudReviews.WhyNotOpenAsync(db, orderId, cancellationToken);
            }
            var review = await db.Set<FraudAssessment>().AsNoTracking().FirstAsync(a => a.OrderId == orderId, cancellationToken);
            outbox.Enqueue(new FraudReviewApproved(orderId, actor, now));
            audit.Append("FraudReviewApproved", orderId, actor, new { review.Score, reasons = review.ReasonList });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new ReviewOutcome.Decided(new ReviewDecision(orderId, "approved", actor, now, null, null));
        }

        private async Task<ReviewOutcome> CloseAsync(Guid orderId, OrderStatus status, string actor, DateTime now, CancellationToken cancellationToken)
        {
            var name = status.ToString().ToLowerInvariant();
            await using var transaction = await db.BeginWriteAsync(cancellationToken);
            var closed = await FraudReviews.Open(db, orderId, now).ExecuteUpdateAsync(s => s
                .SetProperty(a => a.Review, ReviewStatus.Closed)
                .SetProperty(a => a.DecidedAt, now)
                .SetProperty(a => a.DecidedBy, actor)
                .SetProperty(a => a.DecisionReason, $"order {name}"), cancellationToken);
            if (closed == 0)
            {
                return await FraudReviews.WhyNotOpenAsync(db, orderId, cancellationToken);
            }
            audit.Append("FraudReviewClosed", orderId, actor, new { orderStatus = name });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new ReviewOutcome.OrderClosed(name);
        }
    }

    public static async Task<Results<Ok<ReviewDecision>, ProblemHttpResult>> EndpointAsync(Guid orderId, ClaimsPrincipal user, Handler handler, CancellationToken ct) =>
        FraudReviews.ToResult(orderId, await handler.HandleAsync(orderId, FraudReviews.Actor(user), ct));
}
