using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Hosting;
using Orderly.Licensing.Contracts;
using Orderly.Persistence;

namespace Orderly.Licensing;

public sealed record LicenseSummary(
    Guid Id, string Sku, Guid OrderId, Guid OrderLineId, Guid KeyId, string Email, string Plan, string Status, string? StatusReason,
    int ActivationCount, int ActivationLimit, IReadOnlyList<string> Entitlements, DateTime IssuedAt, DateTime? ExpiresAt);

public sealed record ActivationSummary(Guid Id, string Kind, string Value, string? InstanceName, DateTime ActivatedAt, DateTime? LastSeenAt);

/// <summary><c>GET /api/admin/licenses</c> (search) and <c>GET /api/admin/licenses/{id}/activations</c>.</summary>
internal static class ListLicenses
{
    public const int MaxLimit = 500;

    public static async Task<Results<Ok<List<LicenseSummary>>, ProblemHttpResult>> HandleAsync(
        OrderlyDbContext db, TimeProvider time, string? email, string? sku, string? status, Guid? orderId, int? limit, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var query = db.Set<License>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(email))
        {
            query = query.Where(l => l.Email == email.Trim());
        }
        if (!string.IsNullOrWhiteSpace(sku))
        {
            query = query.Where(l => l.Sku == sku);
        }
        if (orderId is { } order)
        {
            query = query.Where(l => l.OrderId == order);
        }
        if (status is not null)
        {
            if (!Enum.TryParse<LicenseStatus>(status, ignoreCase: true, out var parsed))
            {
                return Problems.Validation([new("status", "must be 'active', 'suspended', 'expired' or 'revoked'.")]);
            }
            // By the status as of now: an active license past its period is listed as expired.
            query = parsed switch
            {
                LicenseStatus.Active => query.Where(l => l.Status == LicenseStatus.Active && (l.ExpiresAt == null || l.ExpiresAt > now)),
                LicenseStatus.Expired => query.Where(l => l.Status == LicenseStatus.Expired || (l.Status == LicenseStatus.Active && l.ExpiresAt <= now)),
                _ => query.Where(l => l.Status == parsed),
            };
        }
        var take = Math.Clamp(limit ?? 100, 1, MaxLimit);
        var rows = await query.OrderByDescending(l => l.Id).Take(take).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(l => ToSummary(l, now)).ToList());
    }

    public static async Task<Results<Ok<List<ActivationSummary>>, ProblemHttpResult>> ActivationsAsync(Guid id, OrderlyDbContext db, CancellationToken ct)
    {
        if (!await db.Set<License>().AnyAsync(l => l.Id == id, ct))
        {
            return Problems.NotFound(LicensingErrors.LicenseNotFound, $"No license {id}.");
        }
        var rows = await db.Set<Activation>().AsNoTracking().Where(a => a.LicenseId == id).OrderBy(a => a.ActivatedAt).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(a => new ActivationSummary(a.Id, a.Kind.ToString().ToLowerInvariant(), a.Value, a.InstanceName, a.ActivatedAt, a.LastSeenAt)).ToList());
    }

    public static LicenseSummary ToSummary(License l, DateTime now) => new(
        l.Id, l.Sku, l.OrderId, l.OrderLineId, l.KeyId, l.Email, l.Plan.ToString().ToLowerInvariant(),
        LeaseRules.EffectiveStatus(l.Status, l.ExpiresAt, now).ToString().ToLowerInvariant(), l.StatusReason,
        l.ActivationCount, l.ActivationLimit, l.Entitlements.Split(' ', StringSplitOptions.RemoveEmptyEntries), l.IssuedAt, l.ExpiresAt);
}
