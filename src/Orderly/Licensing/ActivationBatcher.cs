using Microsoft.EntityFrameworkCore;
using Orderly.Audit.Contracts;
using Orderly.Licensing.Contracts;
using Orderly.Persistence;

namespace Orderly.Licensing;

/// <summary>
/// Activations by group commit (<see cref="GroupCommit{TItem,TResult}"/>, as checkout does): the
/// new seats of one moment share one write transaction and one commit instead of queueing one by
/// one at the write gate. Each seat is still taken by its own guarded UPDATE
/// (<c>ActivationCount &lt; ActivationLimit</c>, license active and not expired), so a batch never
/// gives a license more seats than its limit. Result per seat: true when it was taken and the
/// activation written; false when no seat was free (or the same binding came twice in the batch),
/// and the caller reads again what happened.
/// </summary>
internal sealed class ActivationBatcher(IServiceScopeFactory scopes, IWriteGate writeGate, ILogger<ActivationBatcher> logger)
    : GroupCommit<ActivationBatcher.Seat, bool>(writeGate, logger)
{
    public sealed record Seat(Guid LicenseId, Guid OrderId, Activation Activation);

    protected override int MaxBatchSize => 128;

    protected override async Task<IReadOnlyList<bool>> WriteBatchAsync(IReadOnlyList<Seat> batch)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderlyDbContext>();
        var audit = scope.ServiceProvider.GetRequiredService<IAuditLog>();
        var taken = new bool[batch.Count];
        var bindings = new HashSet<(Guid, BindingKind, string)>();
        // Once started, a batch is one unit: it is written even if a client hangs up meanwhile.
        await using var transaction = await db.BeginWriteAsync(CancellationToken.None);
        // License order: concurrent batches (PostgreSQL runs several) lock license rows in one order, never in a cycle.
        foreach (var i in Enumerable.Range(0, batch.Count).OrderBy(i => batch[i].LicenseId))
        {
            var (licenseId, orderId, activation) = batch[i];
            if (!bindings.Add((licenseId, activation.Kind, activation.Value)))
            {
                continue; // the same site twice at once: the first takes the seat, the second finds it
            }
            var now = activation.ActivatedAt;
            var updated = await db.Set<License>()
                .Where(l => l.Id == licenseId && l.Status == LicenseStatus.Active && (l.ExpiresAt == null || l.ExpiresAt > now) && l.ActivationCount < l.ActivationLimit)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.ActivationCount, l => l.ActivationCount + 1).SetProperty(l => l.UpdatedAt, now), CancellationToken.None);
            if (updated == 1)
            {
                db.Set<Activation>().Add(activation);
                audit.Append("LicenseActivated", orderId, "customer", new { licenseId, activationId = activation.Id, kind = activation.Kind.ToString(), binding = activation.Value });
                taken[i] = true;
            }
        }
        // A binding activated meanwhile by another request fails the unique index here: the whole
        // batch rolls back (its seats are returned) and is written again one seat at a time, where
        // only that seat fails.
        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        return taken;
    }
}
