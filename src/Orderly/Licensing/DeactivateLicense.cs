using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Audit.Contracts;
using Orderly.Hosting;
using Orderly.Keys.Contracts;
using Orderly.Persistence;

namespace Orderly.Licensing;

/// <summary><c>POST /api/licenses/deactivate</c>: frees the seat of a domain or fingerprint.</summary>
public sealed record DeactivateLicenseRequest(string? Key, string? Domain, string? Fingerprint);

internal static class DeactivateLicense
{
    public abstract record Outcome
    {
        public sealed record Deactivated : Outcome;
        public sealed record Invalid : Outcome;
        public sealed record BadRequest(IReadOnlyList<ValidationError> Errors) : Outcome;
        public sealed record RateLimited : Outcome;
    }

    internal sealed class Handler(OrderlyDbContext db, IKeyLookup keys, IAuditLog audit, IRateLimitGate limits, ValidationSnapshot snapshot, TimeProvider time)
    {
        public async Task<Outcome> HandleAsync(DeactivateLicenseRequest request, CancellationToken ct)
        {
            if (!LicenseLookup.TryParse(request.Key, request.Domain, request.Fingerprint, out var claim, out var errors))
            {
                return new Outcome.BadRequest(errors);
            }
            if (!await limits.TryAcquireAsync(LicenseLookup.KeyBudget, claim!.Key.ToUpperInvariant(), ct))
            {
                return new Outcome.RateLimited();
            }
            if (await LicenseLookup.FindActivatedAsync(db, keys.TokenOf(claim.Key), claim, ct) is not { } found)
            {
                return new Outcome.Invalid();
            }
            var (license, activation) = found;
            var now = time.GetUtcNow().UtcDateTime;
            await using var transaction = await db.BeginWriteAsync(ct);
            // Only the request that deletes the row gives the seat back (two concurrent deactivations free one seat).
            var deleted = await db.Set<Activation>().Where(a => a.Id == activation.Id).ExecuteDeleteAsync(ct);
            snapshot.Changed(db, [license.Id]);
            if (deleted == 1)
            {
                await db.Set<License>().Where(l => l.Id == license.Id && l.ActivationCount > 0)
                    .ExecuteUpdateAsync(s => s.SetProperty(l => l.ActivationCount, l => l.ActivationCount - 1).SetProperty(l => l.UpdatedAt, now), ct);
                audit.Append("LicenseDeactivated", license.OrderId, "customer", new { licenseId = license.Id, activationId = activation.Id, kind = claim.Kind.ToString(), binding = claim.Value });
                await db.SaveChangesAsync(ct);
            }
            await transaction.CommitAsync(ct);
            return new Outcome.Deactivated();
        }
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> EndpointAsync(DeactivateLicenseRequest request, Handler handler, CancellationToken ct) =>
        await handler.HandleAsync(request, ct) switch
        {
            Outcome.Deactivated => TypedResults.NoContent(),
            Outcome.BadRequest b => Problems.Validation(b.Errors),
            Outcome.Invalid => LicenseLookup.Invalid(),
            Outcome.RateLimited => RateLimits.Exceeded(),
            _ => throw new InvalidOperationException("Unhandled outcome."),
        };
}
