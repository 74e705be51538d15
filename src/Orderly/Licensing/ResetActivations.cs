using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.Licensing;

/// <summary><c>POST /api/admin/licenses/{id}/reset-activations</c>: frees every seat (a customer moved all their sites).</summary>
internal static class ResetActivations
{
    public sealed record ResetActivationsResponse(Guid LicenseId, int Removed);

    public static async Task<Results<Ok<ResetActivationsResponse>, ProblemHttpResult>> HandleAsync(
        Guid id, OrderlyDbContext db, IAdminActionLog adminLog, ValidationSnapshot snapshot, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.BeginWriteAsync(ct);
        // Lock the license row first (the same order as activation), so no seat is taken in between.
        var found = await db.Set<License>().Where(l => l.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ActivationCount, 0).SetProperty(l => l.UpdatedAt, now), ct);
        if (found == 0)
        {
            return Problems.NotFound(LicensingErrors.LicenseNotFound, $"No license {id}.");
        }
        var removed = await db.Set<Activation>().Where(a => a.LicenseId == id).ExecuteDeleteAsync(ct);
        snapshot.Changed(db, [id]);
        var orderId = await db.Set<License>().Where(l => l.Id == id).Select(l => l.OrderId).FirstAsync(ct);
        adminLog.Record("LicenseActivationsReset", orderId, new { licenseId = id, removed });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(new ResetActivationsResponse(id, removed));
    }
}

/// <summary><c>POST /api/admin/licensing/signing-keys/rotate</c>: a new lease-signing key now (e.g. after a suspected leak of the old one's host).</summary>
internal static class RotateSigningKey
{
    public sealed record RotateSigningKeyResponse(string Kid);

    public static async Task<Ok<RotateSigningKeyResponse>> HandleAsync(LeaseSigner signer, OrderlyDbContext db, IAdminActionLog adminLog, CancellationToken ct)
    {
        var kid = await signer.RotateAsync(ct);
        adminLog.Record("LicenseSigningKeyRotated", null, new { kid });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new RotateSigningKeyResponse(kid));
    }
}
