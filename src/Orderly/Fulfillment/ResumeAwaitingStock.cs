using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orderly.Fulfillment.Contracts;
using Orderly.Hosting;
using Orderly.Inventory.Contracts;
using Orderly.Keys.Contracts;
using Orderly.Messaging;
using Orderly.Persistence;

namespace Orderly.Fulfillment;

/// <summary>
/// Paid orders that ran out of stock go on as soon as stock is there: at once when keys are imported
/// for the product (<see cref="KeysImported"/>), and otherwise on the retry worker's next round.
/// Oldest payment first, as many orders as there are available units (each needs at least one);
/// an order that still does not fit simply goes back to waiting.
/// </summary>
internal sealed class ResumeAwaitingStock(OrderlyDbContext db, IStockLedger ledger, IOutbox outbox) : IMessageHandler<KeysImported>
{
    private const int MaxPerRound = 100;

    public async Task HandleAsync(KeysImported message, MessageContext context, CancellationToken cancellationToken)
    {
        await ResumeAsync(message.ProductId, "stock arrived: keys imported", waitingSince: null, cancellationToken);
    }

    /// <param name="waitingSince">Only orders waiting since then or longer (null: all).</param>
    /// <returns>How many orders were requested again.</returns>
    public async Task<int> ResumeAsync(Guid productId, string reason, DateTime? waitingSince, CancellationToken cancellationToken)
    {
        var levels = await ledger.GetLevelsAsync(productId, cancellationToken);
        var room = levels is null ? 0 : levels.Unlimited ? MaxPerRound : Math.Min(levels.Available, MaxPerRound);
        if (room <= 0)
        {
            return 0;
        }
        var waiting = db.Set<FulfillmentJob>().AsNoTracking().Where(j => j.AwaitingProductId == productId && j.FulfilledAt == null);
        if (waitingSince is { } since)
        {
            waiting = waiting.Where(j => j.AwaitingSince <= since);
        }
        var orderIds = await waiting.OrderBy(j => j.PaymentConfirmedAt).Take(room).Select(j => j.OrderId).ToListAsync(cancellationToken);
        var resumed = 0;
        foreach (var orderId in orderIds)
        {
            // Guarded: of a key import, the retry worker and other instances, exactly one takes the job.
            var taken = await db.Set<FulfillmentJob>().Where(j => j.OrderId == orderId && j.AwaitingProductId == productId).ExecuteUpdateAsync(s => s
                .SetProperty(j => j.AwaitingProductId, (Guid?)null)
                .SetProperty(j => j.AwaitingSince, (DateTime?)null), cancellationToken);
            if (taken == 0)
            {
                continue;
            }
            outbox.Enqueue(new FulfillmentRequested(orderId));
            outbox.Enqueue(new FulfillmentResumed(orderId, reason));
            resumed++;
        }
        await db.SaveChangesAsync(cancellationToken);
        return resumed;
    }
}

/// <summary>One round of the retry worker: every product some order has waited for one interval or longer.</summary>
internal sealed class RetryAwaitingStockHandler(OrderlyDbContext db, ResumeAwaitingStock resume, IOptions<FulfillmentOptions> options, TimeProvider time)
{
    public async Task<int> HandleAsync(CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow().UtcDateTime - options.Value.AwaitingStockRetryInterval;
        var productIds = await db.Set<FulfillmentJob>().AsNoTracking()
            .Where(j => j.AwaitingProductId != null && j.FulfilledAt == null && j.AwaitingSince <= since)
            .Select(j => j.AwaitingProductId!.Value).Distinct()
            .ToListAsync(cancellationToken);
        var resumed = 0;
        foreach (var productId in productIds)
        {
            await using var transaction = await db.BeginWriteAsync(cancellationToken);
            resumed += await resume.ResumeAsync(productId, "stock available again", since, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        return resumed;
    }
}

/// <summary>Runs <see cref="RetryAwaitingStockHandler"/> every <see cref="FulfillmentOptions.AwaitingStockRetryInterval"/>.</summary>
internal sealed partial class AwaitingStockRetryWorker(
    IServiceScopeFactory scopes, TimeProvider time, IOptions<FulfillmentOptions> options, IOptions<OrderlyOptions> orderly, ILogger<AwaitingStockRetryWorker> logger) : BackgroundService
{
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RetryAwaitingStockHandler>().HandleAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!orderly.Value.RunsWorkers)
        {
            return;
        }
        await SweepLoop.RunAsync(options.Value.AwaitingStockRetryInterval, time, async ct =>
        {
            if (await RunOnceAsync(ct) is > 0 and var resumed)
            {
                LogResumed(resumed);
            }
        }, LogFailed, stoppingToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Resumed {Count} orders waiting for stock")]
    private partial void LogResumed(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Awaiting-stock retry failed")]
    private partial void LogFailed(Exception exception);
}
