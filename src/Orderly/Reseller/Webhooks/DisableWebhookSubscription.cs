using Microsoft.EntityFrameworkCore;
using Orderly.Audit.Contracts;
using Orderly.Persistence;

namespace Orderly.Reseller.Webhooks;

/// <summary>
/// The merchant's webhooks page: stops sending to a subscription (pending deliveries are cancelled
/// by the worker when their turn comes). Kept, not deleted, so its delivery log stays readable.
/// </summary>
internal static class DisableWebhookSubscription
{
    internal sealed class Handler(OrderlyDbContext db, IAuditLog audit)
    {
        /// <returns>False when the merchant has no such subscription.</returns>
        public async Task<bool> HandleAsync(Guid subscriptionId, Guid merchantId, string actor, CancellationToken ct)
        {
            var subscription = await db.Set<WebhookSubscription>().FirstOrDefaultAsync(s => s.Id == subscriptionId && s.MerchantId == merchantId, ct);
            if (subscription is null)
            {
                return false;
            }
            if (subscription.Active)
            {
                (subscription.Active, subscription.DisabledReason) = (false, "disabled by the merchant");
                audit.Append("WebhookDisabled", null, actor, new { merchantId, subscriptionId });
                await db.SaveChangesAsync(ct);
            }
            return true;
        }
    }
}
