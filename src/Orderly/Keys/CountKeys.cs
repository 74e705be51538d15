using Microsoft.EntityFrameworkCore;
using Orderly.Persistence;

namespace Orderly.Keys;

/// <summary>How many codes each pool holds per state, counted in the database (pools reach millions of codes).</summary>
internal static class CountKeys
{
    /// <param name="Sold">Allocated to an order line.</param>
    /// <param name="Burnt">Revoked by a refund: never handed out again.</param>
    public sealed record PoolCounts(int Available, int Sold, int Burnt);

    internal sealed class Handler(OrderlyDbContext db)
    {
        public async Task<IReadOnlyDictionary<Guid, PoolCounts>> HandleAsync(CancellationToken ct)
        {
            var rows = await db.Set<LicenseKey>().AsNoTracking()
                .Where(k => !k.Generated)
                .GroupBy(k => new { k.ProductId, k.Status })
                .Select(g => new { g.Key.ProductId, g.Key.Status, Count = g.Count() })
                .ToListAsync(ct);
            return rows.GroupBy(r => r.ProductId).ToDictionary(g => g.Key, g => new PoolCounts(
                g.Where(r => r.Status == KeyStatus.Available).Sum(r => r.Count),
                g.Where(r => r.Status == KeyStatus.Allocated).Sum(r => r.Count),
                g.Where(r => r.Status == KeyStatus.Revoked).Sum(r => r.Count)));
        }
    }
}
