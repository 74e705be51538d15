using Microsoft.EntityFrameworkCore;
using Orderly.Persistence;

namespace Orderly.Audit;

/// <summary>
/// Seals appended entries into the hash chain, oldest first, in one transaction per batch. Sealing
/// is done by one writer after the fact so that appending never contends on the chain's head.
/// </summary>
internal sealed class SealAuditEntries(OrderlyDbContext db)
{
    public async Task<int> HandleAsync(int batchSize, CancellationToken cancellationToken)
    {
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        var head = await db.Set<AuditHead>().FirstOrDefaultAsync(h => h.Id == 1, cancellationToken);
        if (head is null)
        {
            head = new AuditHead { Id = 1 };
            db.Set<AuditHead>().Add(head);
        }
        // Every unsealed entry, oldest id first. Ids are not commit order on every provider (a
        // transaction holding a lower id may commit later), so the chain follows sealing order.
        var pending = await db.Set<AuditEntry>().Where(e => e.Seq == null)
            .OrderBy(e => e.Id).Take(batchSize).ToListAsync(cancellationToken);
        foreach (var entry in pending)
        {
            var seq = head.LastSeq + 1;
            entry.Seq = seq;
            entry.PrevHash = head.LastHash;
            entry.Hash = AuditChain.Hash(seq, entry, head.LastHash);
            head.LastSeq = seq;
            head.LastHash = entry.Hash;
            head.LastEntryId = entry.Id;
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another instance's sealer advanced the head first (concurrency token on LastSeq):
            // nothing of ours is kept; the entries are sealed by them or in our next round.
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return 0;
        }
        return pending.Count;
    }
}

/// <summary>Seals new audit entries every second (and drains a backlog in batches).</summary>
internal sealed partial class AuditSealWorker(IServiceScopeFactory scopes, TimeProvider time, Microsoft.Extensions.Options.IOptions<Hosting.OrderlyOptions> orderly, ILogger<AuditSealWorker> logger) : BackgroundService
{
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        int sealedNow;
        do
        {
            await using var scope = scopes.CreateAsyncScope();
            sealedNow = await scope.ServiceProvider.GetRequiredService<SealAuditEntries>().HandleAsync(500, cancellationToken);
            total += sealedNow;
        }
        while (sealedNow == 500);
        return total;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!orderly.Value.RunsWorkers)
        {
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await timer.WaitForNextTickAsync(stoppingToken);
                await RunOnceAsync(stoppingToken);
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Sealing audit entries failed; will retry")]
    private partial void LogFailed(Exception exception);
}
