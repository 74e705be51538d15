namespace Orderly.Fraud;

/// <summary>What the checkout saw of an order's buyer (from OrderPlaced): the velocity rules count these.</summary>
internal sealed class OrderSignals
{
    public Guid OrderId { get; set; }
    /// <summary>Lower-cased, so velocity counts one address however it is spelled.</summary>
    public required string Email { get; set; }
    public string? IpAddress { get; set; }
    public string? IpCountry { get; set; }
    public string? BillingCountry { get; set; }
    public long Amount { get; set; }
    public required string Currency { get; set; }
    public required string PaymentMethod { get; set; }
    public bool IsTest { get; set; }
    public DateTime PlacedAt { get; set; }
}

/// <summary>The stored assessment of a paid order and, when it was held, its review.</summary>
internal sealed class FraudAssessment
{
    public Guid OrderId { get; set; }
    public int Score { get; set; }
    /// <summary>One reason per line, as shown to the reviewer.</summary>
    public required string Reasons { get; set; }
    public string? CardFingerprint { get; set; }
    public DateTime AssessedAt { get; set; }
    public ReviewStatus Review { get; set; }
    /// <summary>
    /// A decision in flight (a reject waiting for the provider's refund) holds the review until then,
    /// so a second decider (another admin, the timeout worker, another instance) backs off.
    /// </summary>
    public Guid? ClaimToken { get; set; }
    public DateTime? ClaimedUntil { get; set; }
    public DateTime? DecidedAt { get; set; }
    public string? DecidedBy { get; set; }
    public string? DecisionReason { get; set; }

    public IReadOnlyList<string> ReasonList => Reasons.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

internal enum ReviewStatus
{
    /// <summary>Scored below the threshold: never held.</summary>
    None = 0,
    Pending = 1,
    Approved = 2,
    Rejected = 3,
    /// <summary>The order was cancelled or refunded elsewhere while held: nothing left to decide.</summary>
    Closed = 4,
}
