namespace Orderly.Reseller.Webhooks;

/// <summary>A merchant's webhook endpoint and the events it wants. The secret is stored encrypted (data protection).</summary>
internal sealed class WebhookSubscription
{
    public Guid Id { get; set; }
    public Guid MerchantId { get; set; }
    public required string Url { get; set; }

    /// <summary>Comma-separated event names (<see cref="WebhookEvents.All"/>).</summary>
    public required string Events { get; set; }
    public required string ProtectedSecret { get; set; }
    public bool Active { get; set; }

    /// <summary>Why it was disabled (e.g. the receiver answered 410 Gone).</summary>
    public string? DisabledReason { get; set; }
    public DateTime CreatedAt { get; set; }

    public bool Wants(string eventName) => Events.Split(',').Contains(eventName, StringComparer.Ordinal);
}

internal enum WebhookDeliveryStatus
{
    Pending = 0,
    Delivered = 1,

    /// <summary>Every attempt of the schedule failed.</summary>
    Failed = 2,

    /// <summary>Not sent: the subscription was disabled (410) or the target was refused as unsafe.</summary>
    Cancelled = 3,
}

/// <summary>
/// One event for one subscription: stored when the event happens, sent by the worker when due,
/// so deliveries survive restarts. The id is the Standard Webhooks <c>webhook-id</c>.
/// </summary>
internal sealed class WebhookDelivery
{
    public Guid Id { get; set; }
    public Guid SubscriptionId { get; set; }
    public Guid MerchantId { get; set; }
    public required string EventName { get; set; }

    /// <summary>What happened, once per subscription: the event name and the message id that caused it (unique with the subscription).</summary>
    public required string EventKey { get; set; }

    /// <summary>Sent as <c>X-UPA-Request-Id</c>: the reseller request the event belongs to, else the delivery id.</summary>
    public Guid RequestId { get; set; }
    public required string Payload { get; set; }
    public WebhookDeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }

    /// <summary>A worker's claim: no other worker sends it before this time.</summary>
    public DateTime? LockedUntil { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? DeliveredAt { get; set; }
}
