using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Audit.Contracts;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.Reseller.Webhooks;

/// <summary>
/// <c>POST /api/admin/reseller/webhooks/deliveries/{id}/replay</c> and the merchant's webhooks page:
/// sends a delivery again, now, with a fresh retry schedule. The <c>webhook-id</c> stays the same,
/// so a receiver that deduplicates sees a repeat. A delivery whose subscription is disabled is not replayed.
/// </summary>
internal static class ReplayWebhookDelivery
{
    public abstract record Outcome
    {
        public sealed record Replayed(Guid MerchantId) : Outcome;
        public sealed record NotFound : Outcome;
        public sealed record SubscriptionDisabled : Outcome;
    }

    internal sealed class Handler(OrderlyDbContext db, IAuditLog audit, TimeProvider time)
    {
        /// <param name="merchantId">The signed-in merchant: another merchant's delivery is "not found". Null for the admin API.</param>
        public async Task<Outcome> HandleAsync(Guid deliveryId, Guid? merchantId, string actor, CancellationToken ct)
        {
            var delivery = await db.Set<WebhookDelivery>().FirstOrDefaultAsync(d => d.Id == deliveryId && (merchantId == null || d.MerchantId == merchantId), ct);
            if (delivery is null)
            {
                return new Outcome.NotFound();
            }
            if (!await db.Set<WebhookSubscription>().AnyAsync(s => s.Id == delivery.SubscriptionId && s.Active, ct))
            {
                return new Outcome.SubscriptionDisabled();
            }
            (delivery.Status, delivery.Attempts, delivery.NextAttemptAt, delivery.LockedUntil) = (WebhookDeliveryStatus.Pending, 0, time.GetUtcNow().UtcDateTime, null);
            audit.Append("WebhookReplayed", null, actor, new { deliveryId, delivery.EventName });
            await db.SaveChangesAsync(ct);
            return new Outcome.Replayed(delivery.MerchantId);
        }
    }

    public static async Task<Results<Accepted, ProblemHttpResult>> EndpointAsync(Guid id, Handler handler, CancellationToken ct) =>
        await handler.HandleAsync(id, null, ResellerActors.Api, ct) switch
        {
            Outcome.Replayed r => TypedResults.Accepted($"/api/admin/reseller/merchants/{r.MerchantId}/webhooks/deliveries"),
            Outcome.NotFound => Problems.NotFound(ResellerErrors.DeliveryNotFound, $"Webhook delivery {id} does not exist."),
            _ => Problems.Conflict(ResellerErrors.SubscriptionNotFound, "The delivery's subscription is disabled; create a new one to receive events."),
        };
}
