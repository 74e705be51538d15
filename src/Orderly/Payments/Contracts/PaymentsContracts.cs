using Orderly.Messaging;

namespace Orderly.Payments.Contracts;

/// <summary>A provider confirmed the money for an order (first confirmation only; duplicates are absorbed).</summary>
[WireName("payments.payment_succeeded")]
public sealed record PaymentSucceeded(Guid OrderId, string Provider, string ProviderPaymentId, long Amount, string Currency, string ProviderEventId, DateTime At);

/// <summary>A payment attempt failed; the buyer may try again while the reservation lasts.</summary>
[WireName("payments.payment_failed")]
public sealed record PaymentFailed(Guid OrderId, string Provider, string ProviderPaymentId, string? Reason, DateTime At);

/// <summary>
/// A subscription that an order started was paid for another period (Stripe <c>invoice.paid</c>):
/// whatever it entitles runs until <paramref name="PaidThrough"/> (UTC), plus the seller's grace.
/// Deliveries can repeat or arrive out of order: consumers extend to the latest date, never shorten.
/// </summary>
[WireName("payments.subscription_renewed")]
public sealed record SubscriptionRenewed(Guid OrderId, string Provider, string SubscriptionId, DateTime PaidThrough, string ProviderEventId);

/// <summary>
/// A subscription that an order started ended (Stripe <c>customer.subscription.deleted</c>: cancelled,
/// or given up after failed payments) at <paramref name="At"/> (UTC). No further renewals follow.
/// </summary>
[WireName("payments.subscription_ended")]
public sealed record SubscriptionEnded(Guid OrderId, string Provider, string SubscriptionId, DateTime At, string ProviderEventId);

/// <summary>Money settled inside the shop (a reseller's prepaid wallet) rather than by a provider's webhook.</summary>
/// <param name="Provider">Where the money came from, e.g. <c>reseller_wallet</c>.</param>
/// <param name="Reference">The settling record's id (the wallet entry); stored as the provider payment id.</param>
public sealed record InternalPayment(Guid OrderId, string Provider, string Reference, long Amount, string Currency);

/// <summary>
/// Records an internal payment in the caller's unit of work: the payment row, <see cref="PaymentSucceeded"/>
/// and the audit entry, exactly as a provider's confirmation does, so fulfillment starts the same way.
/// One payment per order (unique index): a second one fails the caller's commit.
/// </summary>
public interface IInternalPayments
{
    void Record(InternalPayment payment);
}
