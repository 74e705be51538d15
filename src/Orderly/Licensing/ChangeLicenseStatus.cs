using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Hosting;
using Orderly.Licensing.Contracts;
using Orderly.Persistence;

namespace Orderly.Licensing;

/// <summary>Optional body of the admin status changes.</summary>
public sealed record ChangeLicenseStatusRequest(string? Reason);

/// <summary>
/// <c>POST /api/admin/licenses/{id}/suspend</c> and <c>…/reinstate</c>: an admin stops or restarts
/// a license. Guarded by the current status, so only an active license is suspended and only a
/// suspended one reinstated. Shows at the client's next validation.
/// </summary>
internal static class ChangeLicenseStatus
{
    public abstract record Outcome
    {
        public sealed record Changed(License License, DateTime At) : Outcome;
        public sealed record NotFound : Outcome;
        public sealed record WrongStatus(LicenseStatus Status) : Outcome;
    }

    /// <summary>The status a license must have for the transition, and the one it gets.</summary>
    public static (LicenseStatus From, LicenseStatus To) Transition(bool suspend) =>
        suspend ? (LicenseStatus.Active, LicenseStatus.Suspended) : (LicenseStatus.Suspended, LicenseStatus.Active);

    internal sealed class Handler(OrderlyDbContext db, IAdminActionLog adminLog, ValidationSnapshot snapshot, TimeProvider time)
    {
        public async Task<Outcome> HandleAsync(Guid id, bool suspend, string? reason, CancellationToken ct)
        {
            var (from, to) = Transition(suspend);
            var now = time.GetUtcNow().UtcDateTime;
            reason = reason?.Trim() is { Length: > 0 } r ? r[..Math.Min(r.Length, 200)] : null;
            await using var transaction = await db.BeginWriteAsync(ct);
            var changed = await db.Set<License>().Where(l => l.Id == id && l.Status == from)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.Status, to).SetProperty(l => l.StatusReason, reason).SetProperty(l => l.UpdatedAt, now), ct);
            snapshot.Changed(db, [id]);
            var license = await db.Set<License>().AsNoTracking().FirstOrDefaultAsync(l => l.Id == id, ct);
            if (license is null)
            {
                return new Outcome.NotFound();
            }
            if (changed == 0)
            {
                return new Outcome.WrongStatus(license.Status);
            }
            adminLog.Record(suspend ? "LicenseSuspended" : "LicenseReinstated", license.OrderId, new { licenseId = id, reason });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return new Outcome.Changed(license, now);
        }
    }

    public static Task<Results<Ok<LicenseSummary>, ProblemHttpResult>> SuspendAsync(Guid id, ChangeLicenseStatusRequest? request, Handler handler, CancellationToken ct) =>
        EndpointAsync(id, suspend: true, request, handler, ct);

    public static Task<Results<Ok<LicenseSummary>, ProblemHttpResult>> ReinstateAsync(Guid id, ChangeLicenseStatusRequest? request, Handler handler, CancellationToken ct) =>
        EndpointAsync(id, suspend: false, request, handler, ct);

    private static async Task<Results<Ok<LicenseSummary>, ProblemHttpResult>> EndpointAsync(Guid id, bool suspend, ChangeLicenseStatusRequest? request, Handler handler, CancellationToken ct) =>
        await handler.HandleAsync(id, suspend, request?.Reason, ct) switch
        {
            Outcome.Changed c => TypedResults.Ok(ListLicenses.ToSummary(c.License, c.At)),
            Outcome.NotFound => Problems.NotFound(LicensingErrors.LicenseNotFound, $"No license {id}."),
            Outcome.WrongStatus w => Problems.Conflict(LicensingErrors.WrongStatus,
                $"The license is {w.Status.ToString().ToLowerInvariant()}; only {Transition(suspend).From.ToString().ToLowerInvariant()} licenses can be {(suspend ? "suspended" : "reinstated")}."),
            _ => throw new InvalidOperationException("Unhandled outcome."),
        };
}
