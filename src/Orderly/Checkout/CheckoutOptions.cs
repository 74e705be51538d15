namespace Orderly.Checkout;

/// <summary>Bound to the "Checkout" section.</summary>
public sealed class CheckoutOptions
{
    public const string Section = "Checkout";

    /// <summary>Most orders written in one checkout transaction (group commit). Default 128.</summary>
    public int MaxBatchSize { get; set; } = 128;

    /// <summary>
    /// Checkout transactions in flight at once in this instance. Default: what the database
    /// takes (1 on SQLite, whose writes are serialized anyway; 4 on PostgreSQL, so one batch's
    /// inserts overlap another's commit).
    /// </summary>
    public int? Writers { get; set; }

    /// <summary>
    /// The payment methods buyers may choose (<see cref="Orders.Contracts.PaymentMethods"/> values).
    /// Default: stripe, stripe_checkout, paypal, wallet, manual, cod. A method whose route is not
    /// installed counts as unavailable. <c>test</c> is governed by <see cref="TestMode"/> instead.
    /// </summary>
    public List<string> PaymentMethods { get; set; } = [];

    /// <summary>The default of <see cref="PaymentMethods"/> (a bound list adds to its initial items, so the default is applied when none is configured).</summary>
    public static readonly IReadOnlyList<string> DefaultPaymentMethods =
        [Orders.Contracts.PaymentMethods.Stripe, Orders.Contracts.PaymentMethods.StripeCheckout, Orders.Contracts.PaymentMethods.PayPal,
         Orders.Contracts.PaymentMethods.Wallet, Orders.Contracts.PaymentMethods.Manual, Orders.Contracts.PaymentMethods.CashOnDelivery];

    public IReadOnlyList<string> EnabledPaymentMethods => PaymentMethods.Count > 0 ? PaymentMethods : DefaultPaymentMethods;

    /// <summary>
    /// Test mode: buyers may choose <c>test</c> (paid at once, no money moves; every record marked).
    /// Default false. Orders of nothing but the test product may use <c>test</c> either way.
    /// </summary>
    public bool TestMode { get; set; }

    /// <summary>
    /// How long the stock of a <c>manual</c> (bank transfer) or <c>cod</c> order stays reserved:
    /// the money arrives in days, not minutes, and the buyer must not lose the goods meanwhile.
    /// Default 7 days. Other methods use <c>Inventory:ReservationTtl</c>.
    /// </summary>
    public TimeSpan OfflinePaymentReservation { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The reservation of an order paid by <paramref name="paymentMethod"/>; null: the inventory default.</summary>
    public TimeSpan? ReservationFor(string paymentMethod) =>
        paymentMethod is Orders.Contracts.PaymentMethods.Manual or Orders.Contracts.PaymentMethods.CashOnDelivery ? OfflinePaymentReservation : null;

    /// <summary>
    /// How long a guest's cart (no signed-in user) is kept after its last change; older ones are
    /// deleted with their lines and wishlist (<see cref="SweepGuestCarts"/>). Default 30 days.
    /// </summary>
    public TimeSpan GuestCartRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Shipping methods a cart with physical lines may choose. Default: standard, express.</summary>
    public List<string> ShippingMethods { get; set; } = [];

    public static readonly IReadOnlyList<string> DefaultShippingMethods = ["standard", "express"];

    public IReadOnlyList<string> EnabledShippingMethods => ShippingMethods.Count > 0 ? ShippingMethods : DefaultShippingMethods;

    /// <summary>
    /// The price of each shipping method in minor units of the order's currency, e.g.
    /// <c>Checkout:ShippingRates:standard=490</c>. A method without a rate ships free. Charged only
    /// when the cart holds a physical line.
    /// </summary>
    public Dictionary<string, long> ShippingRates { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Shipping is free when the goods (after the discount) cost at least this much (minor units). Default: never.</summary>
    public long? FreeShippingAbove { get; set; }

    /// <summary>VAT rates in percent by ISO country, e.g. <c>Checkout:TaxRates:DE=19</c>. A country without a rate pays no VAT.</summary>
    public Dictionary<string, decimal> TaxRates { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The country whose VAT applies when the buyer names none (no shipping address, no billing country).</summary>
    public string? TaxCountry { get; set; }

    /// <summary>Catalog prices include VAT (the included part is shown); false: VAT is added on top. Default true.</summary>
    public bool PricesIncludeTax { get; set; } = true;

    /// <summary>The price of <paramref name="method"/> for goods worth <paramref name="goods"/> (after the discount); 0 when nothing is shipped.</summary>
    public long ShippingPrice(string? method, long goods, bool hasPhysical) =>
        !hasPhysical || method is null || (FreeShippingAbove is { } free && goods >= free) ? 0 : ShippingRates.GetValueOrDefault(method.Trim());

    /// <summary>The country whose VAT applies: the shipping country for a physical cart, else the billing country, else <see cref="TaxCountry"/>.</summary>
    public string? TaxCountryFor(string? shippingCountry, string? billingCountry) =>
        (shippingCountry ?? billingCountry ?? TaxCountry)?.Trim().ToUpperInvariant();

    public decimal TaxRateFor(string? country) => country is not null && TaxRates.TryGetValue(country, out var rate) ? rate : 0;

    /// <summary>
    /// A request header a trusted proxy sets to the client address's ISO country (e.g.
    /// <c>CF-IPCountry</c>), recorded for the fraud rules. Default: none (a header anyone can send
    /// is not evidence: set it only behind a proxy that overwrites it).
    /// </summary>
    public string? IpCountryHeader { get; set; }

    /// <summary>
    /// Where a provider sends the buyer after paying; <c>{orderId}</c> is replaced. Default:
    /// <c>{Orderly:PublicBaseUrl}/checkout/complete?order_id={orderId}</c>.
    /// </summary>
    public string? ReturnUrl { get; set; }

    /// <summary>Where a provider sends a buyer who gave up; default <c>{Orderly:PublicBaseUrl}/checkout/cancelled?order_id={orderId}</c>.</summary>
    public string? CancelUrl { get; set; }

    /// <summary>Whether a method is one of <see cref="Orders.Contracts.PaymentMethods"/> the buyer can name.</summary>
    internal static bool IsKnown(string method) => method is Orders.Contracts.PaymentMethods.Stripe or Orders.Contracts.PaymentMethods.StripeCheckout
        or Orders.Contracts.PaymentMethods.PayPal or Orders.Contracts.PaymentMethods.WooCommerce or Orders.Contracts.PaymentMethods.Wallet
        or Orders.Contracts.PaymentMethods.Manual or Orders.Contracts.PaymentMethods.CashOnDelivery or Orders.Contracts.PaymentMethods.Test;
}

/// <summary>Bound to "Payments:Manual": what a buyer who pays by bank transfer is told.</summary>
public sealed class ManualPaymentOptions
{
    public const string Section = "Payments:Manual";

    /// <summary>
    /// The bank-transfer instructions shown after checkout; <c>{orderId}</c> and <c>{amount}</c>
    /// (major units and currency) are replaced. Default: a generic text asking to quote the order id.
    /// </summary>
    public string Instructions { get; set; } = "Transfer {amount} to the shop's bank account and quote order {orderId} as the reference.";
}
