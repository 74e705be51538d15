using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Audit.Contracts;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.Reseller;

/// <summary>
/// <c>DELETE /api/admin/reseller/api-keys/{id}</c> and the merchant's API keys page: the key stops
/// working at once (its row stays, for the request log). A merchant revokes only its own keys.
/// </summary>
internal static class RevokeApiKey
{
    internal sealed class Handler(OrderlyDbContext db, IAuditLog audit, TimeProvider time)
    {
        /// <param name="merchantId">The signed-in merchant: another merchant's key is "not found". Null for the admin API.</param>
        /// <returns>False when no such key (of this merchant) exists.</returns>
        public async Task<bool> HandleAsync(Guid keyId, Guid? merchantId, string actor, CancellationToken ct)
        {
            var keys = db.Set<ApiKey>().Where(k => k.Id == keyId && (merchantId == null || k.MerchantId == merchantId));
            var revoked = await keys.Where(k => k.RevokedAt == null).ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, time.GetUtcNow().UtcDateTime), ct);
            if (revoked == 0 && !await keys.AnyAsync(ct))
            {
                return false;
            }
            audit.Append("ApiKeyRevoked", null, actor, new { keyId });
            await db.SaveChangesAsync(ct);
            return true;
        }
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> EndpointAsync(Guid id, Handler handler, CancellationToken ct) =>
        await handler.HandleAsync(id, null, ResellerActors.Api, ct)
            ? TypedResults.NoContent()
            : Problems.NotFound(ResellerErrors.ApiKeyNotFound, $"API key {id} does not exist.");
}
