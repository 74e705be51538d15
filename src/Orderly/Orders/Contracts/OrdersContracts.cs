using Orderly.Catalog.Contracts;
using Orderly.Hosting;
using Orderly.Messaging;

namespace Orderly.Orders.Contracts;

public enum OrderStatus
{
    Pending = 0,
    Processing = 1,
    Completed = 2,
    Failed = 3,
    Cancelled = 4,
    OnHold = 5,
    AwaitingStock = 6,
    PartiallyRefunded = 7,
    Refunded = 8,
}

/// <summary>An order a checkout is about to create (priced from the catalog; prices are snapshots).</summary>
/// <param name="PaymentMethod">How the buyer pays (<see cref="PaymentMethods"/>).</param>
/// <param name="IsTest">A test-mode order: the whole path runs without real money, and every record says so.</param>
/// <param name="Totals">Subtotal, discount, shipping, VAT and the payable total; null: the total is the lines' sum (no discount, shipping or VAT).</param>
/// <param name="Billing">Who the invoice is made out to, when the buyer gave it; null: the invoice names the e-mail (and the shipping address).</param>
public sealed record NewOrder(Guid Id, string Email, string Currency, IReadOnlyList<NewOrderLine> Lines, DateTime ReservationExpiresAt,
    string PaymentMethod = PaymentMethods.Stripe, bool IsTest = false, OrderTotals? Totals = null, BillingDetails? Billing = null);

/// <summary>
/// The buyer's billing details, as the invoice names them: a person or a company with its VAT ID and
/// the billing address. Validated at checkout; blanked (the country kept) when the buyer deletes their account.
/// </summary>
public sealed record BillingDetails(string Name, string? Company, string? VatId, string Line1, string? Line2, string City, string PostalCode, string Country)
{
    // The shipping address's lengths (ShippingDestination): checkout validates both with one rule.
    public const int MaxField = 200;
    public const int MaxShortField = 32;
}

/// <summary>
/// An order's money: <paramref name="Total"/> is what the buyer pays (and every payment route
/// charges). With <paramref name="PricesIncludeTax"/> the <paramref name="Tax"/> is the VAT included
/// in the prices; otherwise it is added: Total = Subtotal − Discount + Shipping (+ Tax when added).
/// </summary>
/// <param name="TaxRate">The VAT rate in percent (19 for 19 %); 0 when none applies.</param>
public sealed record OrderTotals(Money Subtotal, Money Discount, Money Shipping, Money Tax, Money Total, string? CouponCode, bool PricesIncludeTax,
    decimal TaxRate = 0)
{
    /// <summary>"incl. VAT 19 %" when the prices hold the VAT, "VAT 19 %" when it is added.</summary>
    public string TaxLabel => $"{(PricesIncludeTax ? "incl. VAT" : "VAT")} {TaxRate.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)} %";

    /// <summary>The totals of an order with nothing but its lines.</summary>
    public static OrderTotals LinesOnly(Money subtotal) =>
        new(subtotal, new(0, subtotal.Currency), new(0, subtotal.Currency), new(0, subtotal.Currency), subtotal, null, true);
}

/// <summary>The payment routes a checkout can choose (stored on the order).</summary>
public static class PaymentMethods
{
    /// <summary>The shop's own page takes the card (a PaymentIntent; the webhook confirms).</summary>
    public const string Stripe = "stripe";
    /// <summary>Stripe's hosted checkout page (a Checkout Session).</summary>
    public const string StripeCheckout = "stripe_checkout";
    public const string PayPal = "paypal";
    /// <summary>The buyer pays on the WooCommerce order-pay page; Woo's webhook confirms.</summary>
    public const string WooCommerce = "woocommerce";
    /// <summary>The buyer's store credit: paid at once.</summary>
    public const string Wallet = "wallet";
    /// <summary>Bank transfer or other offline payment: an admin marks the order paid.</summary>
    public const string Manual = "manual";
    /// <summary>Cash on delivery: physical lines only.</summary>
    public const string CashOnDelivery = "cod";
    /// <summary>A reseller's prepaid EUR wallet (the reseller API).</summary>
    public const string ResellerWallet = "reseller_wallet";
    /// <summary>Test mode: no money moves.</summary>
    public const string Test = "test";
}

/// <param name="DiscountAmount">The line's share of the order's discount.</param>
/// <param name="TaxAmount">The VAT in (or on) the line's discounted amount.</param>
public sealed record NewOrderLine(Guid Id, Guid ProductId, string Sku, string ProductName, ProductKind Kind, DeliveryKind Delivery, int Quantity, long UnitPriceAmount,
    long DiscountAmount = 0, long TaxAmount = 0);

public sealed record OrderView(Guid Id, string Email, OrderStatus Status, long TotalAmount, string Currency, DateTime PlacedAt, IReadOnlyList<OrderLineView> Lines,
    string PaymentMethod = PaymentMethods.Stripe, bool IsTest = false, OrderTotals? Totals = null);

public sealed record OrderLineView(Guid Id, Guid ProductId, string Sku, string ProductName, ProductKind Kind, DeliveryKind Delivery, int Quantity, long UnitPriceAmount);

/// <summary>Orders as other modules use them.</summary>
public interface IOrderBook
{
    /// <summary>Adds the order (status Pending) to the caller's unit of work.</summary>
    void Add(NewOrder order, DateTime placedAt);

    Task<OrderView?> FindAsync(Guid orderId, CancellationToken cancellationToken);

    /// <summary>Which of these orders exist (one query, for checks in bulk).</summary>
    Task<IReadOnlySet<Guid>> ExistingAsync(IReadOnlyCollection<Guid> orderIds, CancellationToken cancellationToken);

    /// <summary>Appends an event to the order's visible timeline (joins the caller's unit of work).</summary>
    void Note(Guid orderId, string eventName, string? detail = null);
}

/// <summary>A checkout created an order and reserved its stock.</summary>
/// <param name="Buyer">What the checkout saw of the buyer (for fraud rules), when it was a shopper's request.</param>
[WireName("orders.order_placed")]
public sealed record OrderPlaced(Guid OrderId, string Email, long TotalAmount, string Currency, DateTime PlacedAt,
    string PaymentMethod = PaymentMethods.Stripe, bool IsTest = false, BuyerSignals? Buyer = null);

/// <param name="IpAddress">The client address (after trusted proxies).</param>
/// <param name="IpCountry">ISO 3166 alpha-2 country of the address, when a trusted proxy tells it (e.g. <c>CF-IPCountry</c>).</param>
/// <param name="BillingCountry">ISO 3166 alpha-2 country the buyer gave, if any.</param>
public sealed record BuyerSignals(string? IpAddress, string? IpCountry, string? BillingCountry);

/// <summary>
/// An order's status moved (every change, from any cause). Published by Orders in the same
/// transaction as the change; <paramref name="Reason"/> is the timeline event that caused it.
/// </summary>
[WireName("orders.status_changed")]
public sealed record OrderStatusChanged(Guid OrderId, OrderStatus From, OrderStatus To, string Reason, DateTime At);

/// <summary>
/// Money for an order went back to the buyer (all of it, or <paramref name="Amount"/> of it, in the
/// order's currency), and what the refunded lines gave was revoked. Published once per refund by
/// Orders after it applied a <c>PaymentRefunded</c>.
/// </summary>
/// <param name="RefundId">Orders' own id of this refund (unique).</param>
/// <param name="Full">Everything on the order is now refunded (status Refunded).</param>
[WireName("orders.order_refunded")]
public sealed record OrderRefunded(Guid OrderId, long Amount, string Currency, string Reason, DateTime At,
    Guid RefundId = default, IReadOnlyList<RefundedLine>? Lines = null, bool Full = true);

/// <summary>Units of one order line a refund took back, and the codes it revoked.</summary>
public sealed record RefundedLine(Guid OrderLineId, Guid ProductId, string Sku, int Quantity, IReadOnlyList<Guid> KeyIds);

/// <summary>
/// Someone outside Orders wants an order cancelled (WooCommerce said <c>cancelled</c>, a fraud
/// review rejected it). Orders applies it when the state machine allows it; a paid order is
/// refunded first by whoever asks (the refund moves it to Refunded).
/// </summary>
/// <param name="Source">Who asks: <c>woocommerce</c>, <c>fraud_review</c>, <c>admin</c>...</param>
[WireName("orders.cancel_requested")]
public sealed record OrderCancelRequested(Guid OrderId, string Source, string Reason, DateTime At);
