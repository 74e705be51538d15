using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Audit.Contracts;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.Reseller;

public sealed record CreateApiKeyRequest(bool TestMode);

/// <summary>The new key: <see cref="Key"/> is shown here once and never again (only its hash is kept).</summary>
public sealed record CreateApiKeyResponse(Guid Id, Guid MerchantId, string Prefix, string Key, bool TestMode, DateTime CreatedAt);

/// <summary><c>POST /api/admin/reseller/merchants/{id}/api-keys</c> and the merchant's API keys page: a live or test key for the merchant.</summary>
internal static class CreateApiKey
{
    internal sealed class Handler(OrderlyDbContext db, IAuditLog audit, TimeProvider time)
    {
        /// <returns>Null when the merchant does not exist.</returns>
        public async Task<CreateApiKeyResponse?> HandleAsync(Guid merchantId, bool testMode, string actor, CancellationToken ct)
        {
            if (!await db.Set<Merchant>().AnyAsync(m => m.Id == merchantId, ct))
            {
                return null;
            }
            var now = time.GetUtcNow();
            var (key, prefix, hash) = ApiKeys.Create(testMode);
            var row = new ApiKey { Id = Guid.CreateVersion7(now), MerchantId = merchantId, Prefix = prefix, SecretHash = hash, TestMode = testMode, CreatedAt = now.UtcDateTime };
            db.Set<ApiKey>().Add(row);
            audit.Append("ApiKeyCreated", null, actor, new { merchantId, keyId = row.Id, row.Prefix, row.TestMode });
            await db.SaveChangesAsync(ct);
            return new CreateApiKeyResponse(row.Id, merchantId, prefix, key, row.TestMode, row.CreatedAt);
        }
    }

    public static async Task<Results<Created<CreateApiKeyResponse>, ProblemHttpResult>> EndpointAsync(Guid id, CreateApiKeyRequest request, Handler handler, CancellationToken ct) =>
        await handler.HandleAsync(id, request.TestMode, ResellerActors.Api, ct) is { } created
            ? TypedResults.Created($"/api/admin/reseller/merchants/{id}/api-keys/{created.Id}", created)
            : Problems.NotFound(ResellerErrors.MerchantNotFound, $"Merchant {id} does not exist.");
}
