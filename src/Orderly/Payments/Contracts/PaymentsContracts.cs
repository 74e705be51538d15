using Orderly.Messaging;

namespace Orderly.Payments.Contracts;

/// <summary>A provider confirmed the money for an order (first confirmation only; duplicates are absorbed).</summary>
[WireName("payments.payment_succeeded")]
public sealed record PaymentSucceeded(Guid OrderId, string Provider, string ProviderPaymentId, long Amount, string Currency, string ProviderEventId, DateTime At);

/// <summary>A payment attempt failed; the buyer may try again while the reservation lasts.</summary>
[WireName("payments.payment_failed")]
public sealed record PaymentFailed(Guid OrderId, string Provider, string ProviderPaymentId, string? Reason, DateTime At);

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
