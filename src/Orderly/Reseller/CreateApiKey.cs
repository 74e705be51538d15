using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.Reseller;

public sealed record CreateApiKeyRequest(bool TestMode);

/// <summary>The new key: <see cref="Key"/> is shown here once and never again (only its hash is kept).</summary>
public sealed record CreateApiKeyResponse(Guid Id, Guid MerchantId, string Prefix, string Key, bool TestMode, DateTime CreatedAt);

/// <summary><c>POST /api/admin/reseller/merchants/{id}/api-keys</c>: a live or test key for the merchant.</summary>
internal static class CreateApiKey
{
    public static async Task<Results<Created<CreateApiKeyResponse>, ProblemHttpResult>> EndpointAsync(Guid id, CreateApiKeyRequest request, OrderlyDbContext db, IAdminActionLog adminLog, TimeProvider time, CancellationToken ct)
    {
        if (!await db.Set<Merchant>().AnyAsync(m => m.Id == id, ct))
        {
            return Problems.NotFound(ResellerErrors.MerchantNotFound, $"Merchant {id} does not exist.");
        }
        var now = time.GetUtcNow();
        var (key, prefix, hash) = ApiKeys.Create(request.TestMode);
        var row = new ApiKey { Id = Guid.CreateVersion7(now), MerchantId = id, Prefix = prefix, SecretHash = hash, TestMode = request.TestMode, CreatedAt = now.UtcDateTime };
        db.Set<ApiKey>().Add(row);
        adminLog.Record("ApiKeyCreated", null, new { merchantId = id, keyId = row.Id, row.Prefix, row.TestMode });
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/admin/reseller/merchants/{id}/api-keys/{row.Id}", new CreateApiKeyResponse(row.Id, id, prefix, key, row.TestMode, row.CreatedAt));
    }
}
