using Orderly.Messaging;

namespace Orderly.Payments.Contracts;

/// <summary>A provider confirmed the money for an order (first confirmation only; duplicates are absorbed).</summary>
[WireName("payments.payment_succeeded")]
public sealed record PaymentSucceeded(Guid OrderId, string Provider, string ProviderPaymentId, long Amount, string Currency, string ProviderEventId, DateTime At);

/// <summary>A payment attempt failed; the buyer may try again while the reservation lasts.</summary>
[WireName("payments.payment_failed")]
public sealed record PaymentFailed(Guid OrderId, string Provider, string ProviderPaymentId, string? Reason, DateTime At);
