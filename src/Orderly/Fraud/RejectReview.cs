using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Audit.Contracts;
using Orderly.Hosting;
using Orderly.Messaging;
using Orderly.Orders.Contracts;
using Orderly.Payments.Contracts;
using Orderly.Persistence;

namespace Orderly.Fraud;

/// <summary>
/// <c>POST /api/admin/fraud/reviews/{orderId}/reject</c> <c>{ "reason": "..." }</c>: refunds the whole
/// order through its provider, then asks Orders to cancel it (<see cref="OrderCancelRequested"/>,
/// source <c>fraud_review</c>). The held order was never fulfilled, so no code was ever revealed.
/// The refund is an HTTP call, so it runs outside any transaction: the review is first claimed
/// (a guarded update with a lease), then refunded, then decided. A refused refund releases the
/// claim and answers 502 with the provider's error: the review stays open.
/// </summary>
internal static class RejectReview
{
    public const int MaxReasonLength = 1000;

    public sealed record RejectReviewRequest(string? Reason);

    internal sealed class Handler(OrderlyDbContext db, IOrderBook orders, IPaymentRefunds refunds, IOutbox outbox, IAuditLog audit, TimeProvider time)
    {
        public async Task<ReviewOutcome> HandleAsync(Guid orderId, string actor, string reason, CancellationToken cancellationToken)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var claim = Guid.NewGuid();
            await using (var transaction = await db.BeginWriteAsync(cancellationToken))
            {
                var claimed = await FraudReviews.Open(db, orderId, now).ExecuteUpdateAsync(s => s
                    .SetProperty(a => a.ClaimToken, claim)
                    .SetProperty(a => a.ClaimedUntil, now + FraudReviews.ClaimDuration), cancellationToken);
                if (claimed == 0)
                {
                    return await FraudReviews.WhyNotOpenAsync(db, orderId, cancellationToken);
                }
                await transaction.CommitAsync(cancellationToken);
            }

            OrderView order;
            long amount;
            GatewayRefund refund;
            try
            {
                order = await orders.FindAsync(orderId, cancellationToken) ?? throw new InvalidOperationException($"Order {orderId} does not exist.");
                amount = (await refunds.FindPaymentAsync(orderId, cancellationToken))?.Amount ?? order.TotalAmount;
                refund = await refunds.RefundAsync(orderId, amount, $"fraud review: {reason}", order.Lines.Select(l => l.Id).ToList(), cancellationToken);
            }
            catch
            {
                await ReleaseAsync(orderId, claim, CancellationToken.None);
                throw;
            }
            if (!refund.Succeeded)
            {
                audit.Append("FraudRejectRefundFailed", orderId, actor, new { amount, currency = order.Currency, error = refund.Error });
                await ReleaseAsync(orderId, claim, cancellationToken);
                return new ReviewOutcome.RefundFailed(refund.Error ?? "no reason given");
            }

            var decidedAt = time.GetUtcNow().UtcDateTime;
            await using (var transaction = await db.BeginWriteAsync(cancellationToken))
            {
                await db.Set<FraudAssessment>().Where(a => a.OrderId == orderId && a.ClaimToken == claim).ExecuteUpdateAsync(s => s
                    .SetProperty(a => a.Review, ReviewStatus.Rejected)
                    .SetProperty(a => a.DecidedAt, decidedAt)
                    .SetProperty(a => a.DecidedBy, actor)
                    .SetProperty(a => a.DecisionReason, reason)
                    .SetProperty(a => a.ClaimToken, (Guid?)null)
                    .SetProperty(a => a.ClaimedUntil, (DateTime?)null), cancellationToken);
                var review = await db.Set<FraudAssessment>().AsNoTracking().FirstAsync(a => a.OrderId == orderId, cancellationToken);
                // The money went back whatever the review row says now; cancel in any case.
                outbox.Enqueue(new OrderCancelRequested(orderId, "fraud_review", reason, decidedAt));
                audit.Append("FraudReviewRejected", orderId, actor, new
                {
                    review.Score,
                    reasons = review.ReasonList,
                    decisionReason = reason,
                    refund = new { amount, currency = order.Currency, refund.ProviderRefundId },
                });
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            return new ReviewOutcome.Decided(new ReviewDecision(orderId, "rejected", actor, decidedAt, reason, refund.ProviderRefundId));
        }

        /// <summary>Opens the review again (with whatever the caller appended to the unit of work).</summary>
        private async Task ReleaseAsync(Guid orderId, Guid claim, CancellationToken cancellationToken)
        {
            await using var transaction = await db.BeginWriteAsync(cancellationToken);
            await db.Set<FraudAssessment>().Where(a => a.OrderId == orderId && a.ClaimToken == claim).ExecuteUpdateAsync(s => s
                .SetProperty(a => a.ClaimToken, (Guid?)null)
                .SetProperty(a => a.ClaimedUntil, (DateTime?)null), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    public static async Task<Results<Ok<ReviewDecision>, ProblemHttpResult>> EndpointAsync(
        Guid orderId, RejectReviewRequest request, ClaimsPrincipal user, Handler handler, CancellationToken ct)
    {
        var reason = request.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > MaxReasonLength)
        {
            return Problems.Validation([new ValidationError("reason", $"Say why the order is rejected (1 to {MaxReasonLength} characters).")]);
        }
        return FraudReviews.ToResult(orderId, await handler.HandleAsync(orderId, FraudReviews.Actor(user), reason, ct));
    }
}
