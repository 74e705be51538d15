using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.Fraud;

/// <summary>What deciding a review came to (approve, reject, or the timeout doing either).</summary>
internal abstract record ReviewOutcome
{
    public sealed record Decided(ReviewDecision Decision) : ReviewOutcome;
    public sealed record NotFound : ReviewOutcome;
    public sealed record AlreadyDecided(string Decision) : ReviewOutcome;
    /// <summary>Another decision (a reject waiting for its refund) holds the review right now.</summary>
    public sealed record InProgress : ReviewOutcome;
    public sealed record RefundFailed(string Error) : ReviewOutcome;
    /// <summary>The order was cancelled or refunded while held; the review is closed instead.</summary>
    public sealed record OrderClosed(string Status) : ReviewOutcome;
}

/// <param name="RefundId">The provider's refund id of a reject.</param>
internal sealed record ReviewDecision(Guid OrderId, string Decision, string DecidedBy, DateTime DecidedAt, string? Reason, string? RefundId);

/// <summary>The pieces both decisions share: the "who may decide now" guard and the answers.</summary>
internal static class FraudReviews
{
    /// <summary>
    /// How long a reject holds its review while the provider refunds. Longer than any refund call
    /// takes; a crashed instance's claim lapses after it and the review is open again.
    /// </summary>
    public static readonly TimeSpan ClaimDuration = TimeSpan.FromMinutes(5);

    public const string TimeoutActor = "system:timeout";

    public static IQueryable<FraudAssessment> Open(OrderlyDbContext db, Guid orderId, DateTime now) =>
        db.Set<FraudAssessment>().Where(a => a.OrderId == orderId && a.Review == ReviewStatus.Pending && (a.ClaimedUntil == null || a.ClaimedUntil < now));

    /// <summary>Why a guarded update found nothing to decide.</summary>
    public static async Task<ReviewOutcome> WhyNotOpenAsync(OrderlyDbContext db, Guid orderId, CancellationToken cancellationToken)
    {
        var review = await db.Set<FraudAssessment>().AsNoTracking()
            .Where(a => a.OrderId == orderId).Select(a => new { a.Review }).FirstOrDefaultAsync(cancellationToken);
        return review?.Review switch
        {
            null or ReviewStatus.None => new ReviewOutcome.NotFound(),
            ReviewStatus.Pending => new ReviewOutcome.InProgress(),
            var decided => new ReviewOutcome.AlreadyDecided(decided.Value.ToString().ToLowerInvariant()),
        };
    }

    public static string Actor(ClaimsPrincipal user) => user.Identity?.Name is { Length: > 0 } name ? name : "admin";

    public static Results<Ok<ReviewDecision>, ProblemHttpResult> ToResult(Guid orderId, ReviewOutcome outcome) => outcome switch
    {
        ReviewOutcome.Decided d => TypedResults.Ok(d.Decision),
        ReviewOutcome.NotFound => Problems.NotFound(FraudErrors.ReviewNotFound, $"Order {orderId} has no fraud review."),
        ReviewOutcome.AlreadyDecided a => Problems.Conflict(FraudErrors.AlreadyDecided, $"The review of order {orderId} was already decided: {a.Decision}.",
            new Dictionary<string, object?> { ["decision"] = a.Decision }),
        ReviewOutcome.InProgress => Problems.Conflict(FraudErrors.DecisionInProgress, $"Another decision on order {orderId} is being applied; look again in a moment."),
        ReviewOutcome.OrderClosed c => Problems.Conflict(FraudErrors.OrderClosed, $"Order {orderId} is {c.Status}; its review is closed without a decision.",
            new Dictionary<string, object?> { ["status"] = c.Status }),
        ReviewOutcome.RefundFailed f => Problems.Create(StatusCodes.Status502BadGateway, FraudErrors.RefundFailed, "The payment provider refused the refund.",
            $"The review stays open. Provider said: {f.Error}"),
        _ => throw new InvalidOperationException("Unhandled outcome."),
    };
}
