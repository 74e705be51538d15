namespace Orderly.Payments;

/// <summary>
/// Every authentic webhook, stored raw before it is acknowledged. (Provider, EventId) is unique:
/// the second delivery of an event finds the first and has no effect.
/// </summary>
internal sealed class WebhookEvent
{
    public Guid Id { get; set; }
    public required string Provider { get; set; }
    public required string EventId { get; set; }
    public required string EventType { get; set; }
    public DateTime ReceivedAt { get; set; }
    public required string Payload { get; set; }
    public Guid? OrderId { get; set; }
    public required string Outcome { get; set; }
}

/// <summary>A confirmed payment. One per order: the first confirmation wins, later ones are recorded as duplicates.</summary>
internal sealed class Payment
{
    public Guid Id { get; set; }
    public Guid OrderId { get; set; }
    public required string Provider { get; set; }
    public required string ProviderPaymentId { get; set; }
    public long Amount { get; set; }
    public required string Currency { get; set; }
    public DateTime ConfirmedAt { get; set; }
}

/// <summary>
/// A refund a provider reported (webhook) and Orderly published as <c>PaymentRefunded</c>. (Provider,
/// RefundId) is unique: the same refund reported twice is published once. Amounts in minor units.
/// </summary>
internal sealed class ReportedRefund
{
    public Guid Id { get; set; }
    public required string Provider { get; set; }
    public required string RefundId { get; set; }
    public Guid OrderId { get; set; }
    public long Amount { get; set; }
    public required string Currency { get; set; }
    public DateTime ReportedAt { get; set; }
}
