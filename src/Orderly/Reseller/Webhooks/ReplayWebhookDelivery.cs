using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.Reseller.Webhooks;

/// <summary>
/// <c>POST /api/admin/reseller/webhooks/deliveries/{id}/replay</c>: sends a delivery again, now, with
/// a fresh retry schedule. The <c>webhook-id</c> stays the same, so a receiver that deduplicates
/// sees a repeat. A delivery whose subscription is disabled is not replayed.
/// </summary>
internal static class ReplayWebhookDelivery
{
    public static async Task<Results<Accepted, ProblemHttpResult>> EndpointAsync(Guid id, OrderlyDbContext db, IAdminActionLog adminLog, TimeProvider time, CancellationToken ct)
    {
        var delivery = await db.Set<WebhookDelivery>().FirstOrDefaultAsync(d => d.Id == id, ct);
        if (delivery is null)
        {
            return Problems.NotFound(ResellerErrors.DeliveryNotFound, $"Webhook delivery {id} does not exist.");
        }
        if (!await db.Set<WebhookSubscription>().AnyAsync(s => s.Id == delivery.SubscriptionId && s.Active, ct))
        {
            return Problems.Conflict(ResellerErrors.SubscriptionNotFound, "The delivery's subscription is disabled; create a new one to receive events.");
        }
        (delivery.Status, delivery.Attempts, delivery.NextAttemptAt, delivery.LockedUntil) = (WebhookDeliveryStatus.Pending, 0, time.GetUtcNow().UtcDateTime, null);
        adminLog.Record("WebhookReplayed", null, new { deliveryId = id, delivery.EventName });
        await db.SaveChangesAsync(ct);
        return TypedResults.Accepted($"/api/admin/reseller/merchants/{delivery.MerchantId}/webhooks/deliveries");
    }
}
