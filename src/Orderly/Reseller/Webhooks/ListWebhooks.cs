using Microsoft.EntityFrameworkCore;
using Orderly.Persistence;

namespace Orderly.Reseller.Webhooks;

public sealed record WebhookSubscriptionView(Guid Id, string Url, IReadOnlyList<string> Events, bool Active, string? DisabledReason, DateTime CreatedAt);

public sealed record WebhookDeliveryView(Guid Id, Guid SubscriptionId, string WebhookId, string Event, Guid RequestId, string Status, int Attempts,
    DateTime NextAttemptAt, int? LastStatusCode, string? LastError, DateTime CreatedAt, DateTime? DeliveredAt);

/// <summary>The dashboard's webhook views: a merchant's subscriptions (no secrets) and its delivery log (newest first, at most 200).</summary>
internal static class ListWebhooks
{
    public static async Task<IReadOnlyList<WebhookSubscriptionView>> SubscriptionsAsync(Guid id, OrderlyDbContext db, CancellationToken ct) =>
        (await db.Set<WebhookSubscription>().AsNoTracking().Where(s => s.MerchantId == id).OrderBy(s => s.CreatedAt).ToListAsync(ct))
            .Select(s => new WebhookSubscriptionView(s.Id, s.Url, s.Events.Split(','), s.Active, s.DisabledReason, s.CreatedAt)).ToList();

    public static async Task<IReadOnlyList<WebhookDeliveryView>> DeliveriesAsync(Guid id, OrderlyDbContext db, CancellationToken ct) =>
        (await db.Set<WebhookDelivery>().AsNoTracking().Where(d => d.MerchantId == id).OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Take(200).ToListAsync(ct))
            .Select(d => new WebhookDeliveryView(d.Id, d.SubscriptionId, WebhookSignatures.MessageId(d.Id), d.EventName, d.RequestId,
                d.Status.ToString().ToLowerInvariant(), d.Attempts, d.NextAttemptAt, d.LastStatusCode, d.LastError, d.CreatedAt, d.DeliveredAt)).ToList();
}
