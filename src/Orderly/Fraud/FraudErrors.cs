namespace Orderly.Fraud;

/// <summary>Stable error codes of the fraud review API (problem+json <c>code</c>). Published: never renamed.</summary>
internal static class FraudErrors
{
    public const string ReviewNotFound = "fraud.review_not_found";
    public const string AlreadyDecided = "fraud.already_decided";
    public const string DecisionInProgress = "fraud.decision_in_progress";
    public const string RefundFailed = "fraud.refund_failed";
    public const string OrderClosed = "fraud.order_closed";
}
