using Microsoft.EntityFrameworkCore;
using Orderly.Persistence;

namespace Orderly.Reseller;

/// <param name="LastUsedAt">The latest request the key authenticated, from the request log (no write on the API's hot path).</param>
public sealed record ApiKeyView(Guid Id, string Prefix, bool TestMode, DateTime CreatedAt, DateTime? RevokedAt, DateTime? LastUsedAt);

/// <summary>The merchant's API keys for the dashboard: prefix, mode, created, last used, revoked. Never the key.</summary>
internal static class ListApiKeys
{
    internal sealed class Handler(OrderlyDbContext db)
    {
        public async Task<IReadOnlyList<ApiKeyView>> HandleAsync(Guid merchantId, CancellationToken ct)
        {
            var keys = await db.Set<ApiKey>().AsNoTracking().Where(k => k.MerchantId == merchantId).OrderByDescending(k => k.CreatedAt).ToListAsync(ct);
            var prefixes = keys.Select(k => k.Prefix).ToList();
            var lastUsed = await db.Set<RequestLogEntry>().AsNoTracking()
                .Where(r => r.MerchantId == merchantId && r.KeyPrefix != null && prefixes.Contains(r.KeyPrefix) && r.Status != StatusCodes.Status401Unauthorized)
                .GroupBy(r => r.KeyPrefix!).Select(g => new { g.Key, At = g.Max(r => r.At) }).ToDictionaryAsync(g => g.Key, g => g.At, ct);
            return keys.Select(k => new ApiKeyView(k.Id, k.Prefix, k.TestMode, k.CreatedAt, k.RevokedAt, lastUsed.TryGetValue(k.Prefix, out var at) ? at : null)).ToList();
        }
    }
}
