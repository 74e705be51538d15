using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Audit.Contracts;
using Orderly.Fraud.Contracts;
using Orderly.Messaging;
using Orderly.Persistence;

namespace Orderly.Fraud;

/// <summary>
/// <c>POST /api/admin/fraud/reviews/{orderId}/approve</c>: the hold clears and fulfillment goes on
/// (<see cref="FraudReviewApproved"/>; Fulfillment requests the job and says so with FulfillmentResumed).
/// One guarded update decides, so of two deciders exactly one wins; the other gets 409.
/// </summary>
internal static class ApproveReview
{
    internal sealed class Handler(OrderlyDbContext db, IOutbox outbox, IAuditLog audit, TimeProvider time)
    {
        public async Task<ReviewOutcome> HandleAsync(Guid orderId, string actor, CancellationToken cancellationToken)
        {
            var now = time.GetUtcNow().UtcDateTime;
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
    }

    public static async Task<Results<Ok<ReviewDecision>, ProblemHttpResult>> EndpointAsync(Guid orderId, ClaimsPrincipal user, Handler handler, CancellationToken ct) =>
        FraudReviews.ToResult(orderId, await handler.HandleAsync(orderId, FraudReviews.Actor(user), ct));
}
