namespace Orderly.Reseller;

/// <summary>Stable error codes of the reseller API (problem+json <c>code</c>). Published: never renamed.</summary>
internal static class ResellerErrors
{
    public const string InvalidApiKey = "reseller.invalid_api_key";
    public const string IpNotAllowed = "reseller.ip_not_allowed";
    public const string InsufficientFunds = "reseller.insufficient_funds";
    public const string FxRateUnavailable = "reseller.fx_rate_unavailable";
    public const string IdempotencyConflict = "reseller.external_id_conflict";
    public const string ApiKeyNotFound = "reseller.api_key_not_found";
    public const string MerchantNotFound = "reseller.merchant_not_found";
    public const string OrderNotFound = "reseller.order_not_found";
    public const string UnsafeWebhookTarget = "reseller.unsafe_webhook_target";
    public const string SubscriptionNotFound = "reseller.webhook_subscription_not_found";
    public const string DeliveryNotFound = "reseller.webhook_delivery_not_found";
    public const string PriceBelowFloor = "reseller.price_below_floor";
}
