using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orderly.Inventory.Contracts;
using Orderly.Messaging;
using Orderly.Persistence;

namespace Orderly.Inventory;

/// <summary>
/// Returns the stock of unpaid orders whose reservation expired. Each order is released in its own
/// transaction together with a <see cref="ReservationExpired"/> event; the status guard in the
/// ledger makes a payment committing the same reservation at the same moment win or lose cleanly.
/// </summary>
internal sealed class ReleaseExpiredReservationsHandler(OrderlyDbContext db, IStockLedger ledger, IOutbox outbox, TimeProvider time)
{
    public async Task<int> HandleAsync(int batchSize, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var orderIds = await db.Set<Reservation>().AsNoTracking()
            .Where(r => r.Status == ReservationStatus.Active && r.ExpiresAt <= now)
            .Select(r => r.OrderId).Distinct().OrderBy(id => id).Take(batchSize)
            .ToListAsync(cancellationToken);
        var released = 0;
        foreach (var orderId in orderIds)
        {
            await using var transaction = await db.BeginWriteAsync(cancellationToken);
            if (await ledger.ReleaseReservationsAsync(orderId, cancellationToken) > 0)
            {
                outbox.Enqueue(new ReservationExpired(orderId));
                released++;
            }
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        return released;
    }
}

/// <summary>Runs <see cref="ReleaseExpiredReservationsHandler"/> every <see cref="InventoryOptions.SweepInterval"/>.</summary>
internal sealed partial class ReservationExpiryWorker(
    IServiceScopeFactory scopes, TimeProvider time, IOptions<InventoryOptions> options, IOptions<Hosting.OrderlyOptions> orderly, ILogger<ReservationExpiryWorker> logger) : BackgroundService
{
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReleaseExpiredReservationsHandler>().HandleAsync(200, cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!orderly.Value.RunsWorkers)
        {
            return;
        }
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var released = await RunOnceAsync(stoppingToken);
                if (released > 0)
                {
                    LogReleased(released);
                }
                await timer.WaitForNextTickAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                LogFailed(ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Released the expired reservations of {Count} orders")]
    private partial void LogReleased(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reservation sweep failed")]
    private partial void LogFailed(Exception exception);
}
