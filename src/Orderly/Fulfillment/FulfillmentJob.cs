namespace Orderly.Fulfillment;

/// <summary>
/// The join of an order's two preconditions: payment confirmed AND account ready, in whichever
/// order they arrive. The one that completes the pair requests fulfillment, exactly once
/// (<see cref="RequestedAt"/> is set in the same transaction). A fraud hold is a third
/// precondition: while <see cref="HeldForReviewAt"/> is set, nothing is requested.
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
    /// <summary>The fraud screen held the order; cleared when the review approves it.</summary>
    public DateTime? HeldForReviewAt { get; set; }
    /// <summary>The product whose stock ran out when fulfillment was tried; cleared when it is tried again.</summary>
    public Guid? AwaitingProductId { get; set; }
    public DateTime? AwaitingSince { get; set; }

    public bool ReadyToRequest => PaymentConfirmedAt is not null && AccountReadyAt is not null && HeldForReviewAt is null && RequestedAt is null;

    /// <summary>Marks the job requested when every precondition holds; the caller then enqueues the request.</summary>
    public bool TryRequest(DateTime now)
    {
        if (!ReadyToRequest)
        {
            return false;
        }
        RequestedAt = now;
        return true;
    }
}
