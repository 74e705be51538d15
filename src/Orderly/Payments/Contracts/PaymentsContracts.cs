using Orderly.Messaging;

namespace Orderly.Payments.Contracts;

/// <summary>A provider confirmed the money for an order (first confirmation only; duplicates are absorbed).</summary>
/// <param name="Risk">What the provider told about the payment's risk, when it did (fraud rules).</param>
[WireName("payments.payment_succeeded")]
public sealed record PaymentSucceeded(Guid OrderId, string Provider, string ProviderPaymentId, long Amount, string Currency, string ProviderEventId, DateTime At,
    PaymentRisk? Risk = null);

/// <summary>A provider's view of a payment's risk.</summary>
/// <param name="CardFingerprint">Same card ⇒ same value (Stripe <c>payment_method_details.card.fingerprint</c>).</param>
/// <param name="CardCountry">ISO 3166 alpha-2 issuing country of the card.</param>
/// <param name="ProviderRiskLevel">e.g. Stripe Radar <c>outcome.risk_level</c>: normal, elevated, highest.</param>
/// <param name="ProviderRiskScore">e.g. Stripe Radar <c>outcome.risk_score</c> (0–100).</param>
public sealed record PaymentRisk(string? CardFingerprint, string? CardCountry, string? ProviderRiskLevel, int? ProviderRiskScore);

/// <summary>
/// A provider reports money returned to the buyer (Stripe <c>charge.refunded</c>, PayPal
/// <c>PAYMENT.CAPTURE.REFUNDED</c>, WooCommerce status <c>refunded</c>), or a refund Orderly made
/// through <see cref="IPaymentRefunds"/> completed. The same refund can be reported twice (the API
/// answer and the webhook): <paramref name="ProviderRefundId"/> identifies it; consumers apply it once.
/// </summary>
/// <param name="OrderLineIds">The refunded lines when known (a refund Orderly made names them); null: infer from the amount.</param>
[WireName("payments.payment_refunded")]
public sealed record PaymentRefunded(Guid OrderId, string Provider, string ProviderRefundId, long Amount, string Currency,
    IReadOnlyList<Guid>? OrderLineIds, string? Reason, DateTime At);

/// <summary>The confirmed payment of an order, as other modules see it.</summary>
public sealed record PaymentRecord(Guid OrderId, string Provider, string ProviderPaymentId, long Amount, string Currency, DateTime ConfirmedAt);

/// <summary>What a provider answered to a refund request.</summary>
/// <param name="ProviderRefundId">The provider's id of the refund (the webhook reporting it later carries the same id).</param>
/// <param name="Error">Why it failed, safe to show an admin (never a secret).</param>
public sealed record GatewayRefund(bool Succeeded, string? ProviderRefundId, string? Error);

/// <summary>
/// Gives money back through the provider that took it (one implementation per provider name:
/// <c>stripe</c>, <c>paypal</c>, <c>woocommerce</c>, and the internal ones). Called outside any
/// database transaction: it talks to the provider over HTTP.
/// </summary>
public interface IRefundGateway
{
    /// <summary>The <see cref="PaymentRecord.Provider"/> it serves.</summary>
    string Provider { get; }

    Task<GatewayRefund> RefundAsync(PaymentRecord payment, long amount, string reason, IReadOnlyList<Guid> orderLineIds, CancellationToken cancellationToken);
}

/// <summary>
/// Refunds an order's payment through its provider's <see cref="IRefundGateway"/> and, when the
/// provider accepted, publishes <see cref="PaymentRefunded"/> (naming the lines) so Orders revokes.
/// </summary>
public interface IPaymentRefunds
{
    Task<PaymentRecord?> FindPaymentAsync(Guid orderId, CancellationToken cancellationToken);

    Task<GatewayRefund> RefundAsync(Guid orderId, long amount, string reason, IReadOnlyList<Guid> orderLineIds, CancellationToken cancellationToken);
}

/// <summary>What a checkout asks a payment route to prepare for a new order.</summary>
/// <param name="ReturnUrl">Where the provider sends the buyer after paying (the thank-you page).</param>
/// <param name="Amount">The payable total: Breakdown.ItemTotal − Discount + Shipping + TaxAdded.</param>
/// <param name="Breakdown">What makes up the amount, for providers that itemize; null: the lines' sum.</param>
public sealed record PaymentStartRequest(Guid OrderId, string Email, long Amount, string Currency, IReadOnlyList<PaymentStartLine> Lines, string ReturnUrl, string CancelUrl, bool IsTest,
    PaymentBreakdown? Breakdown = null);

/// <param name="Discount">The line's share of the order's discount (the lines' shares add up to the order's discount).</param>
public sealed record PaymentStartLine(string Sku, string Name, int Quantity, long UnitAmount, long Discount = 0);

/// <summary>An order's amount itemized (minor units): the lines at full price, the discount off them, shipping, and VAT added on top (0 when prices include it).</summary>
/// <param name="TaxRate">VAT in percent, for the label of an added-tax item.</param>
public sealed record PaymentBreakdown(long ItemTotal, long Discount, long Shipping, long TaxAdded, string? CouponCode, decimal TaxRate)
{
    /// <summary>Nothing beyond the lines: a provider may send them as they are.</summary>
    public bool LinesOnly => Discount == 0 && Shipping == 0 && TaxAdded == 0;
}

/// <summary>What the buyer does next to pay.</summary>
/// <param name="RedirectUrl">The provider's page to send the buyer to, if any (Stripe Checkout, PayPal approval).</param>
/// <param name="ProviderReference">The provider's id for this payment attempt (Checkout Session id, PayPal order id).</param>
/// <param name="Metadata">What the shop must attach when it creates the payment itself (e.g. Stripe <c>metadata[order_id]</c>).</param>
/// <param name="PaidAtOnce">The route settled the money already (wallet, test): the order is paid.</param>
public sealed record PaymentStart(string Method, string? RedirectUrl, string? ProviderReference, IReadOnlyDictionary<string, string> Metadata, bool PaidAtOnce = false);

/// <summary>One payment route (one implementation per <see cref="Orders.Contracts.PaymentMethods"/> value).</summary>
public interface IPaymentRoute
{
    string Method { get; }

    /// <summary>Prepares the payment. Called after the order committed, outside any transaction.</summary>
    Task<PaymentStart> StartAsync(PaymentStartRequest request, CancellationToken cancellationToken);
}

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
