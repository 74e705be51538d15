using Microsoft.EntityFrameworkCore;
using Orderly.Persistence;

namespace Orderly.Reseller.Webhooks;

public sealed record WebhookSubscriptionView(Guid Id, string Url, IReadOnlyList<string> Events, bool Active, string? DisabledReason, DateTime CreatedAt);

public sealed record WebhookDeliveryView(Guid Id, Guid SubscriptionId, string WebhookId, string Event, Guid RequestId, string Status, int Attempts,
    DateTime NextAttemptAt, int? LastStatusCode, string? LastError, DateTime CreatedAt, DateTime? DeliveredAt);

/// <summary>The dashboard's webhook views: a merchant's subscriptions (no secrets) and its delivery log (newest first, at most 200).</summary>
internal static class ListWebhooks
{
    public const int Latest = 200;

    internal sealed class Handler(OrderlyDbContext db)
    {
        public async Task<IReadOnlyList<WebhookSubscriptionView>> SubscriptionsAsync(Guid merchantId, CancellationToken ct) =>
            (await db.Set<WebhookSubscription>().AsNoTracking().Where(s => s.MerchantId == merchantId).OrderBy(s => s.CreatedAt).ToListAsync(ct))
                .Select(s => new WebhookSubscriptionView(s.Id, s.Url, s.Events.Split(','), s.Active, s.DisabledReason, s.CreatedAt)).ToList();

        public async Task<IReadOnlyList<WebhookDeliveryView>> DeliveriesAsync(Guid merchantId, CancellationToken ct) =>
            (await db.Set<WebhookDelivery>().AsNoTracking().Where(d => d.MerchantId == merchantId).OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Take(Latest).ToListAsync(ct))
                .Select(d => new WebhookDeliveryView(d.Id, d.SubscriptionId, WebhookSignatures.MessageId(d.Id), d.EventName, d.RequestId,
                    StatusName(d.Status), d.Attempts, d.NextAttemptAt, d.LastStatusCode, d.LastError, d.CreatedAt, d.DeliveredAt)).ToList();

        /// <summary>Deliveries that did not get through: given up, or waiting for a retry after a failed attempt.</summary>
        public Task<int> FailingAsync(Guid merchantId, CancellationToken ct) =>
            db.Set<WebhookDelivery>().CountAsync(d => d.MerchantId == merchantId
                && (d.Status == WebhookDeliveryStatus.Failed || (d.Status == WebhookDeliveryStatus.Pending && d.Attempts > 0)), ct);
    }

    public static string StatusName(WebhookDeliveryStatus status) => status.ToString().ToLowerInvariant();

    public static Task<IReadOnlyList<WebhookSubscriptionView>> SubscriptionsAsync(Guid id, Handler handler, CancellationToken ct) => handler.SubscriptionsAsync(id, ct);

    public static Task<IReadOnlyList<WebhookDeliveryView>> DeliveriesAsync(Guid id, Handler handler, CancellationToken ct) => handler.DeliveriesAsync(id, ct);
}
