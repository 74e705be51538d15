using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orderly.Persistence;

namespace Orderly.Fraud;

/// <summary><c>GET /api/admin/fraud/reviews</c>: the open reviews, oldest first, with why each order was held.</summary>
internal static class ListReviews
{
    public const int Limit = 200;

    /// <param name="AgeSeconds">Time since the order was held.</param>
    /// <param name="DecidesAt">When the review timeout decides it, unless someone does first.</param>
    public sealed record ReviewItem(Guid OrderId, int Score, IReadOnlyList<string> Reasons, DateTime HeldAt, long AgeSeconds, DateTime DecidesAt, string TimeoutOutcome);

    /// <summary>The same list for the staff fraud page.</summary>
    internal sealed class Handler(OrderlyDbContext db, IOptions<FraudOptions> options, TimeProvider time)
    {
        public Task<IReadOnlyList<ReviewItem>> HandleAsync(CancellationToken ct) => EndpointAsync(db, options, time, ct);
    }

    public static async Task<IReadOnlyList<ReviewItem>> EndpointAsync(OrderlyDbContext db, IOptions<FraudOptions> options, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var settings = options.Value;
        var open = await db.Set<FraudAssessment>().AsNoTracking()
            .Where(a => a.Review == ReviewStatus.Pending)
            .OrderBy(a => a.AssessedAt).Take(Limit)
            .ToListAsync(ct);
        return open.Select(a => new ReviewItem(a.OrderId, a.Score, a.ReasonList, a.AssessedAt, (long)(now - a.AssessedAt).TotalSeconds,
            a.AssessedAt + settings.ReviewTimeout, settings.RejectsOnTimeout ? "reject" : "approve")).ToList();
    }
}
