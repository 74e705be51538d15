using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.Licensing;

/// <summary>
/// The seats validated since the last flush, with the latest time each was seen. Validation is the
/// license server's hottest path and only reads; a database write per validation would cost more
/// than the validation itself, so the times are collected here and written in batches.
/// </summary>
internal sealed class ActivationSightings
{
    private ConcurrentDictionary<Guid, DateTime> _seen = new();

    public void Seen(Guid activationId, DateTime at)
    {
        var seen = _seen;
        // A busy site is seen many times a second: a read, no write, when the time is no later.
        if (seen.TryGetValue(activationId, out var earlier) && earlier >= at)
        {
            return;
        }
        seen.AddOrUpdate(activationId, static (_, at) => at, static (_, earlier, at) => at > earlier ? at : earlier, at);
    }

    /// <summary>Takes everything seen so far; later sightings go to a fresh collection.</summary>
    public IReadOnlyDictionary<Guid, DateTime> Drain() => Interlocked.Exchange(ref _seen, new ConcurrentDictionary<Guid, DateTime>());
}

/// <summary>
/// Writes the collected sightings as <c>LastSeenAt</c> every <c>Licensing:LastSeenFlushInterval</c>
/// (30 s) and once more when the host stops. Runs on every instance that serves validations. An
/// update never moves a seat's time backwards (another instance may have seen it later), and a seat
/// deactivated meanwhile simply matches no row. A crash loses at most one interval of sightings:
/// last-seen is informational, never a reason to refuse a lease.
/// </summary>
internal sealed partial class FlushActivationSightings(ActivationSightings sightings, IServiceScopeFactory scopes, IOptions<LicensingOptions> options,
    TimeProvider time, ILogger<FlushActivationSightings> logger) : BackgroundService
{
    /// <summary>Seats per write transaction: keeps each transaction short when many sites check in together.</summary>
    private const int Batch = 500;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        SweepLoop.RunAsync(options.Value.LastSeenFlushInterval, time, FlushAsync, ex => LogFlushFailed(logger, ex), stoppingToken);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await FlushAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFlushFailed(logger, ex);
        }
    }

    internal async Task FlushAsync(CancellationToken ct)
    {
        var seen = sightings.Drain();
        foreach (var chunk in seen.Chunk(Batch))
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OrderlyDbContext>();
            await using var transaction = await db.BeginWriteAsync(ct);
            foreach (var (id, at) in chunk)
            {
                await db.Set<Activation>().Where(a => a.Id == id && (a.LastSeenAt == null || a.LastSeenAt < at))
                    .ExecuteUpdateAsync(set => set.SetProperty(a => a.LastSeenAt, at), ct);
            }
            await transaction.CommitAsync(ct);
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Writing license activations' last-seen times failed; the next flush writes newer ones.")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception);
}
