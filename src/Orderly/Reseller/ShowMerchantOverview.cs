using Microsoft.EntityFrameworkCore;
using Orderly.Persistence;
using Orderly.Reseller.Webhooks;

namespace Orderly.Reseller;

/// <param name="LiveKeys">Active (not revoked) live keys.</param>
/// <param name="TestKeys">Active test keys: their orders run the whole path without touching the wallet.</param>
/// <param name="FailingDeliveries">Webhook deliveries given up or waiting for a retry.</param>
public sealed record MerchantOverview(Guid Id, string Name, long BalanceMinor, decimal WholesaleDiscountPercent, int LiveKeys, int TestKeys,
    IReadOnlyList<RequestLogView> RecentRequests, int FailingDeliveries);

/// <summary>The merchant dashboard's first page: wallet, keys by mode, the last requests and failing deliveries.</summary>
internal static class ShowMerchantOverview
{
    internal sealed class Handler(OrderlyDbContext db, WalletBook wallet, ListRequests.Handler requests, ListWebhooks.Handler webhooks)
    {
        /// <returns>Null when the merchant does not exist (any more).</returns>
        public async Task<MerchantOverview?> HandleAsync(Guid merchantId, CancellationToken ct)
        {
            var merchant = await db.Set<Merchant>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == merchantId, ct);
            if (merchant is null)
            {
                return null;
            }
            var keys = await db.Set<ApiKey>().AsNoTracking().Where(k => k.MerchantId == merchantId && k.RevokedAt == null).Select(k => k.TestMode).ToListAsync(ct);
            var recent = (await requests.HandleAsync(merchantId, new RequestFilter(), ct)).Items.Take(5).ToList();
            return new MerchantOverview(merchant.Id, merchant.Name, await wallet.BalanceAsync(merchantId, ct), merchant.WholesaleDiscountPercent,
                keys.Count(test => !test), keys.Count(test => test), recent, await webhooks.FailingAsync(merchantId, ct));
        }
    }
}
