namespace Orderly.Fulfillment;

/// <summary>
/// The join of an order's two preconditions: payment confirmed AND account ready, in whichever
/// order they arrive. The one that completes the pair requests fulfillment, exactly once
/// (<see cref="RequestedAt"/> is set in the same transaction).
/// </summary>
internal sealed class FulfillmentJob
{
    public Guid OrderId { get; set; }
    public Guid? CustomerId { get; set; }
    public string? Email { get; set; }
    public DateTime? PaymentConfirmedAt { get; set; }
    public long PaidAmount { get; set; }
    public string? PaidCurrency { get; set; }
    public DateTime? AccountReadyAt { get; set; }
    public DateTime? RequestedAt { get; set; }
    public DateTime? FulfilledAt { get; set; }
    public string? BlockedReason { get; set; }

    public bool ReadyToRequest => PaymentConfirmedAt is not null && AccountReadyAt is not null && RequestedAt is null;
}
