using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.Fraud;

/// <summary>
/// Gives reviews nobody decided within <see cref="FraudOptions.ReviewTimeout"/> the configured
/// <see cref="FraudOptions.TimeoutOutcome"/>, through the same guarded decisions the admin API uses,
/// so with several instances sweeping (or an admin deciding at the same moment) one decision wins.
/// </summary>
internal sealed class ApplyReviewTimeoutsHandler(
    OrderlyDbContext db, IServiceProvider services, IOptions<FraudOptions> options, TimeProvider time)
{
    public async Task<int> HandleAsync(int batchSize, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var cutoff = now - settings.ReviewTimeout;
        var due = await db.Set<FraudAssessment>().AsNoTracking()
            .Where(a => a.Review == ReviewStatus.Pending && a.AssessedAt <= cutoff && (a.ClaimedUntil == null || a.ClaimedUntil < now))
            .OrderBy(a => a.AssessedAt).Take(batchSize).Select(a => a.OrderId)
            .ToListAsync(cancellationToken);
        var decided = 0;
        foreach (var orderId in due)
        {
            // Resolved per outcome: only a reject needs the payment refunds (and their gateways).
            var outcome = settings.RejectsOnTimeout
                ? await services.GetRequiredService<RejectReview.Handler>().HandleAsync(orderId, FraudReviews.TimeoutActor, $"not reviewed within {settings.ReviewTimeout}", cancellationToken)
                : await services.GetRequiredService<ApproveReview.Handler>().HandleAsync(orderId, FraudReviews.TimeoutActor, cancellationToken);
            if (outcome is ReviewOutcome.Decided)
            {
                decided++;
            }
        }
        return decided;
    }
}

/// <summary>Runs <see cref="ApplyReviewTimeoutsHandler"/> every <see cref="FraudOptions.SweepInterval"/>.</summary>
internal sealed partial class ReviewTimeoutWorker(
    IServiceScopeFactory scopes, TimeProvider time, IOptions<FraudOptions> options, IOptions<OrderlyOptions> orderly, ILogger<ReviewTimeoutWorker> logger) : BackgroundService
{
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ApplyReviewTimeoutsHandler>().HandleAsync(100, cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!orderly.Value.RunsWorkers || !options.Value.Enabled)
        {
            return;
        }
        // A refused refund (timeout outcome reject) leaves its review open for the next sweep.
        await SweepLoop.RunAsync(options.Value.SweepInterval, time, async ct =>
        {
            if (await RunOnceAsync(ct) is > 0 and var decided)
            {
                LogDecided(decided, options.Value.TimeoutOutcome);
            }
        }, LogFailed, stoppingToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Review timeout decided {Count} fraud reviews ({Outcome})")]
    private partial void LogDecided(int count, string outcome);

    [LoggerMessage(Level = LogLevel.Error, Message = "Fraud review timeout sweep failed")]
    private partial void LogFailed(Exception exception);
}
