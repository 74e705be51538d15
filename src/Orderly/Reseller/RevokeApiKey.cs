using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.Reseller;

/// <summary><c>DELETE /api/admin/reseller/api-keys/{id}</c>: the key stops working at once (its row stays, for the request log).</summary>
internal static class RevokeApiKey
{
    public static async Task<Results<NoContent, ProblemHttpResult>> EndpointAsync(Guid id, OrderlyDbContext db, IAdminActionLog adminLog, TimeProvider time, CancellationToken ct)
    {
        var revoked = await db.Set<ApiKey>().Where(k => k.Id == id && k.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, time.GetUtcNow().UtcDateTime), ct);
        if (revoked == 0 && !await db.Set<ApiKey>().AnyAsync(k => k.Id == id, ct))
        {
            return Problems.NotFound(ResellerErrors.ApiKeyNotFound, $"API key {id} does not exist.");
        }
        adminLog.Record("ApiKeyRevoked", null, new { keyId = id });
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }
}
