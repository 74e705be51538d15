using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Hosting;
using Orderly.Keys.Contracts;
using Orderly.Licensing.Contracts;
using Orderly.Persistence;

namespace Orderly.Licensing;

/// <summary><c>POST /api/licenses/activate</c>: binds a license to a domain or a machine fingerprint, taking one seat.</summary>
public sealed record ActivateLicenseRequest(string? Key, string? Domain, string? Fingerprint, string? InstanceName);

public sealed record ActivationResponse(Guid ActivationId, Guid LicenseId, string Product, string? Domain, string? Fingerprint, string? InstanceName, int ActivationLimit, DateTime ActivatedAt);

internal static class ActivateLicense
{
    public abstract record Outcome
    {
        public sealed record Activated(License License, Activation Activation) : Outcome;
        public sealed record Invalid : Outcome;
        public sealed record BadRequest(IReadOnlyList<ValidationError> Errors) : Outcome;
        public sealed record Denied(LicenseStatus Status) : Outcome;
        public sealed record LimitReached(int Limit) : Outcome;
        public sealed record RateLimited : Outcome;
    }

    internal sealed class Handler(OrderlyDbContext db, IKeyLookup keys, ActivationBatcher seats, IRateLimitGate limits, TimeProvider time)
    {
        public async Task<Outcome> HandleAsync(ActivateLicenseRequest request, CancellationToken ct)
        {
            if (!LicenseLookup.TryParse(request.Key, request.Domain, request.Fingerprint, out var claim, out var errors))
            {
                return new Outcome.BadRequest(errors);
            }
            if (request.InstanceName is { Length: > 100 })
            {
                return new Outcome.BadRequest([new("instanceName", "at most 100 characters.")]);
            }
            if (!await limits.TryAcquireAsync(LicenseLookup.KeyBudget, claim!.Key.ToUpperInvariant(), ct))
            {
                return new Outcome.RateLimited();
            }
            var license = await LicenseLookup.FindFirstAsync(db, keys, claim.Key, ct);
            if (license is null)
            {
                return new Outcome.Invalid();
            }
            var now = time.GetUtcNow().UtcDateTime;
            var status = LeaseRules.EffectiveStatus(license.Status, license.ExpiresAt, now);
            if (status != LicenseStatus.Active)
            {
                return new Outcome.Denied(status);
            }
            if (await FindAsync(license.Id, claim, ct) is { } existing)
            {
                return new Outcome.Activated(license, existing); // the same site again: no new seat
            }

            var activation = new Activation
            {
                Id = Guid.CreateVersion7(time.GetUtcNow()),
                LicenseId = license.Id,
                Kind = claim.Kind,
                Value = claim.Value,
                InstanceName = request.InstanceName?.Trim(),
                ActivatedAt = now,
                LastSeenAt = now,
            };
            try
            {
                // The seat is taken by a guarded UPDATE, never by read-then-write: concurrent
                // activations serialize on the license row (PostgreSQL re-checks the WHERE after
                // the row lock; SQLite has one writer), so at most ActivationLimit of them succeed.
                if (await seats.SubmitAsync(new ActivationBatcher.Seat(license.Id, license.OrderId, activation), ct))
                {
                    return new Outcome.Activated(license, activation);
                }
            }
            catch (DbUpdateException)
            {
                // A concurrent activation of the same binding won the unique index; the rollback
                // returned this attempt's seat.
            }
            if (await FindAsync(license.Id, claim, ct) is { } concurrent)
            {
                return new Outcome.Activated(license, concurrent);
            }
            var current = await db.Set<License>().AsNoTracking().FirstAsync(l => l.Id == license.Id, ct);
            var currentStatus = LeaseRules.EffectiveStatus(current.Status, current.ExpiresAt, now);
            return currentStatus != LicenseStatus.Active ? new Outcome.Denied(currentStatus) : new Outcome.LimitReached(current.ActivationLimit);
        }

        private Task<Activation?> FindAsync(Guid licenseId, LicenseLookup.Claim claim, CancellationToken ct) =>
            LicenseLookup.FindActivationAsync(db, licenseId, claim, ct);
    }

    public static async Task<Results<Ok<ActivationResponse>, ProblemHttpResult>> EndpointAsync(ActivateLicenseRequest request, Handler handler, CancellationToken ct) =>
        await handler.HandleAsync(request, ct) switch
        {
            Outcome.Activated a => TypedResults.Ok(new ActivationResponse(
                a.Activation.Id, a.License.Id, a.License.Sku,
                a.Activation.Kind == BindingKind.Domain ? a.Activation.Value : null,
                a.Activation.Kind == BindingKind.Fingerprint ? a.Activation.Value : null,
                a.Activation.InstanceName, a.License.ActivationLimit, a.Activation.ActivatedAt)),
            Outcome.BadRequest b => Problems.Validation(b.Errors),
            Outcome.Invalid => LicenseLookup.Invalid(),
            Outcome.Denied d => LicenseLookup.Denied(d.Status),
            Outcome.LimitReached l => Problems.Conflict(LicensingErrors.ActivationLimitReached,
                $"All {l.Limit} activations of this license are in use. Deactivate one first."),
            Outcome.RateLimited => RateLimits.Exceeded(),
            _ => throw new InvalidOperationException("Unhandled outcome."),
        };
}
