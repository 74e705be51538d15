using Microsoft.EntityFrameworkCore;
using Orderly.Persistence;

namespace Orderly.Reseller;

public sealed record MerchantSummary(Guid Id, string Name, string? AllowedIps, decimal WholesaleDiscountPercent, long BalanceMinor, DateTime CreatedAt);

/// <summary><c>GET /api/admin/reseller/merchants</c> and the admin merchants page: every merchant with its wallet balance, by name.</summary>
internal static class ListMerchants
{
    internal sealed class Handler(OrderlyDbContext db)
    {
        public async Task<IReadOnlyList<MerchantSummary>> HandleAsync(CancellationToken ct)
        {
            var merchants = await db.Set<Merchant>().AsNoTracking().OrderBy(m => m.Name).ThenBy(m => m.Id).ToListAsync(ct);
            var balances = await db.Set<LedgerPosting>().AsNoTracking().Where(p => p.Account == LedgerAccount.Wallet)
                .GroupBy(p => p.MerchantId).Select(g => new { g.Key, Balance = g.Sum(p => p.AmountMinor) }).ToDictionaryAsync(g => g.Key, g => g.Balance, ct);
            return merchants.Select(m => new MerchantSummary(m.Id, m.Name, m.AllowedIps, m.WholesaleDiscountPercent, balances.GetValueOrDefault(m.Id), m.CreatedAt)).ToList();
        }
    }

    public static Task<IReadOnlyList<MerchantSummary>> EndpointAsync(Handler handler, CancellationToken ct) => handler.HandleAsync(ct);
}
