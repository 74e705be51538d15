using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Hosting;
using Orderly.Keys.Contracts;
using Orderly.Persistence;

namespace Orderly.Keys;

/// <summary><c>POST /api/admin/keys/{id}/reveal</c>: an admin sees one code; the audit log records who and when.</summary>
internal static class RevealKey
{
    public sealed record RevealedKey(Guid Id, string Key, string Status, Guid? OrderId);

    public static async Task<Results<Ok<RevealedKey>, ProblemHttpResult>> HandleAsync(
        Guid id, OrderlyDbContext db, IKeyVault vault, IAdminActionLog adminLog, CancellationToken ct)
    {
        var row = await db.Set<LicenseKey>().AsNoTracking().Where(k => k.Id == id).Select(k => new { k.Status, k.OrderId }).FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return Problems.NotFound("keys.key_not_found", $"No key {id}.");
        }
        var plaintext = (await vault.RevealAsync([id], ct))[id];
        adminLog.Record("KeyRevealedToAdmin", row.OrderId, new { keyId = id });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new RevealedKey(id, plaintext, row.Status.ToString().ToLowerInvariant(), row.OrderId));
    }
}
