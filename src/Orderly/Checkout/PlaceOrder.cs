using System.Diagnostics.Metrics;
using System.Net.Mail;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orderly.Audit.Contracts;
using Orderly.Catalog.Contracts;
using Orderly.Checkout.Contracts;
using Orderly.Hosting;
using Orderly.Inventory.Contracts;
using Orderly.Messaging;
using Orderly.Orders.Contracts;
using Orderly.Payments.Contracts;
using Orderly.Shipping.Contracts;

namespace Orderly.Checkout;

/// <param name="PaymentMethod">One of <see cref="PaymentMethods"/>; default <c>stripe</c>.</param>
/// <param name="BillingCountry">ISO 3166 alpha-2, optional (fraud rules compare it with the address's country).</param>
/// <param name="ShippingAddress">Required when a line is physical, refused otherwise.</param>
/// <param name="ShippingMethod">One of <c>Checkout:ShippingMethods</c>; required when a line is physical, refused otherwise.</param>
/// <param name="CouponCode">A coupon code (any case), optional; one that gives no discount refuses the order (<c>checkout.coupon_unavailable</c>).</param>
/// <param name="Billing">Who the invoice is made out to, optional (see <see cref="BillingRequest"/>).</param>
public sealed record PlaceOrderRequest(string? Email, IReadOnlyList<PlaceOrderItem>? Items, string? PaymentMethod = null, string? BillingCountry = null,
    ShippingAddressRequest? ShippingAddress = null, string? ShippingMethod = null, string? CouponCode = null, BillingRequest? Billing = null);

/// <summary>
/// Billing details for the invoice: a name (or the person at the company), an optional company and
/// VAT ID, and the billing address. With <paramref name="SameAsShipping"/> the address (and the name,
/// when none is given) come from the shipping address. <paramref name="Country"/> defaults to
/// <c>billingCountry</c> and must match it when both are given.
/// </summary>
public sealed record BillingRequest(string? Name, string? Company, string? VatId, string? Line1, string? Line2, string? City, string? PostalCode,
    string? Country, bool SameAsShipping = false);

public sealed record PlaceOrderItem(string? Sku, int Quantity);

public sealed record ShippingAddressRequest(string? Name, string? Line1, string? Line2, string? City, string? PostalCode, string? Country, string? Phone);

/// <param name="Total">The payable total (what the payment step charges).</param>
/// <param name="Totals">Subtotal, discount, shipping and VAT that make up <paramref name="Total"/>.</param>
public sealed record PlaceOrderResponse(Guid OrderId, OrderStatus Status, Money Total, DateTime ReservationExpiresAt, PaymentStep Payment, string StatusUrl, bool IsTest = false,
    OrderTotals? Totals = null);

/// <summary>A validated, priced order waiting for its stock (see <see cref="CheckoutBatcher"/>).</summary>
/// <param name="ShipTo">Where the physical lines go (with <paramref name="ShippingMethod"/>); null for an all-digital cart.</param>
/// <param name="Totals">What makes up <paramref name="Total"/> (with the coupon whose use is counted at placement); null: the lines' sum.</param>
/// <param name="Billing">The invoice's billing details, when the buyer gave them.</param>
internal sealed record OrderDraft(Guid OrderId, string Email, Money Total, IReadOnlyList<NewOrderLine> Lines, DateTime PlacedAt,
    string PaymentMethod = PaymentMethods.Stripe, bool IsTest = false, BuyerSignals? Buyer = null, ShippingDestination? ShipTo = null, string? ShippingMethod = null,
    OrderTotals? Totals = null, BillingDetails? Billing = null)
{
    /// <summary>The coupon this order uses, upper case; null for none.</summary>
    public string? CouponCode => Totals?.CouponCode;

    public IReadOnlyList<StockRequest> StockLines => Lines.Select(l => new StockRequest(l.ProductId, l.Sku, l.Quantity)).ToList();
}

/// <summary>
/// What the buyer does next to pay (the chosen route's <see cref="PaymentStart"/>). For <c>stripe</c>:
/// create a PaymentIntent for <see cref="Amount"/> with <c>metadata[order_id]</c> set to the order id;
/// the webhook matches it. With <see cref="RedirectUrl"/>: send the buyer there. <see cref="PaidAtOnce"/>:
/// nothing to do (store credit, test). <c>manual</c> puts the bank-transfer text in <c>metadata[instructions]</c>.
/// </summary>
/// <param name="Provider">The payment method (kept under this name for existing clients).</param>
public sealed record PaymentStep(string Provider, long Amount, string Currency, IReadOnlyDictionary<string, string> Metadata,
    string? RedirectUrl = null, string? ProviderReference = null, bool PaidAtOnce = false);

/// <summary>
/// <c>POST /api/checkout</c>: validate, price from the catalog, reserve stock, create the order and
/// write <see cref="OrderPlaced"/> — one transaction — and answer at once. Payment, account,
/// fulfillment and delivery happen afterwards, driven by events.
/// </summary>
internal static class PlaceOrder
{
    public const int MaxLines = 50;
    public const int MaxQuantity = 100;
    private static readonly Meter Meter = new("Orderly.Checkout");
    private static readonly Counter<long> Placed = Meter.CreateCounter<long>("orderly.orders.placed");
    private static readonly Counter<long> Refused = Meter.CreateCounter<long>("orderly.checkout.insufficient_stock");
    private static readonly Action<ILogger, string, Guid, string, Exception?> LogStartFailed = LoggerMessage.Define<string, Guid, string>(LogLevel.Warning,
        new EventId(1, "PaymentStartFailed"), "Payment route {Method} could not start the payment of order {OrderId}: {Error}");

    public abstract record Outcome
    {
        public sealed record Placed(PlaceOrderResponse Response) : Outcome;
        public sealed record Invalid(IReadOnlyList<ValidationError> Errors) : Outcome;
        public sealed record UnknownProducts(IReadOnlyList<string> Skus) : Outcome;
        public sealed record Refused(string Code, string Detail) : Outcome;
        public sealed record InsufficientStock(string Sku, int Requested, int Available) : Outcome;

        /// <summary>A choice the request made that this shop does not take (payment method, shipping): 400.</summary>
        public sealed record BadChoice(string Code, string Detail) : Outcome;
        public sealed record InsufficientFunds(long Balance, long Required, string Currency) : Outcome;

        /// <summary>The order is placed, but its payment route failed to start (a provider unreachable).</summary>
        public sealed record PaymentStartFailed(Guid OrderId, string StatusUrl) : Outcome;
    }

    /// <summary>Shape checks that need no database.</summary>
    public static List<ValidationError> Validate(PlaceOrderRequest request)
    {
        var errors = new List<ValidationError>();
        if (!IsEmail(request.Email))
        {
            errors.Add(new("email", "must be a valid e-mail address."));
        }
        if (request.Items is null || request.Items.Count is 0 or > MaxLines)
        {
            errors.Add(new("items", $"must hold 1 to {MaxLines} items."));
            return errors;
        }
        for (var i = 0; i < request.Items.Count; i++)
        {
            var item = request.Items[i];
            if (string.IsNullOrWhiteSpace(item?.Sku))
            {
                errors.Add(new($"items[{i}].sku", "is required."));
            }
            if (item is null || item.Quantity is < 1 or > MaxQuantity)
            {
                errors.Add(new($"items[{i}].quantity", $"must be between 1 and {MaxQuantity}."));
            }
        }
        if (request.PaymentMethod is { Length: 0 or > 32 })
        {
            errors.Add(new("paymentMethod", "must name a payment method."));
        }
        if (request.BillingCountry is not null && CountryCode(request.BillingCountry) is null)
        {
            errors.Add(new("billingCountry", "must be an ISO 3166 alpha-2 country code, e.g. DE."));
        }
        if (request.ShippingAddress is { } address)
        {
            ValidateAddress(address, errors);
        }
        if (request.Billing is { } billing)
        {
            ValidateBilling(billing, request, errors);
        }
        if (request.ShippingMethod is { Length: 0 or > ShippingDestination.MaxShortField })
        {
            errors.Add(new("shippingMethod", "must name a shipping method."));
        }
        if (request.CouponCode is { } coupon && (string.IsNullOrWhiteSpace(coupon) || coupon.Trim().Length > Coupons.Coupon.MaxCode))
        {
            errors.Add(new("couponCode", $"must be a coupon code of at most {Coupons.Coupon.MaxCode} characters."));
        }
        return errors;
    }

    private static void ValidateAddress(ShippingAddressRequest address, List<ValidationError> errors)
    {
        ValidateAddressLines("shippingAddress", address.Name, address.Line1, address.Line2, address.City, address.PostalCode, errors);
        if (CountryCode(address.Country) is null)
        {
            errors.Add(new("shippingAddress.country", "must be an ISO 3166 alpha-2 country code, e.g. DE."));
        }
        if (address.Phone?.Trim().Length > ShippingDestination.MaxShortField)
        {
            errors.Add(new("shippingAddress.phone", $"must be at most {ShippingDestination.MaxShortField} characters."));
        }
    }

    /// <summary>The lines a shipping and a billing address share: name, street, city and postal code required; line 2 optional. Both stores use the same lengths.</summary>
    private static void ValidateAddressLines(string prefix, string? name, string? line1, string? line2, string? city, string? postalCode, List<ValidationError> errors)
    {
        foreach (var (field, value) in new[] { ("name", name), ("line1", line1), ("city", city) })
        {
            if (string.IsNullOrWhiteSpace(value) || value.Trim().Length > ShippingDestination.MaxField)
            {
                errors.Add(new($"{prefix}.{field}", $"is required, at most {ShippingDestination.MaxField} characters."));
            }
        }
        if (line2?.Trim().Length > ShippingDestination.MaxField)
        {
            errors.Add(new($"{prefix}.line2", $"must be at most {ShippingDestination.MaxField} characters."));
        }
        if (string.IsNullOrWhiteSpace(postalCode) || postalCode.Trim().Length > ShippingDestination.MaxShortField)
        {
            errors.Add(new($"{prefix}.postalCode", $"is required, at most {ShippingDestination.MaxShortField} characters."));
        }
    }

    private static void ValidateBilling(BillingRequest billing, PlaceOrderRequest request, List<ValidationError> errors)
    {
        if (billing.Company?.Trim().Length > BillingDetails.MaxField)
        {
            errors.Add(new("billing.company", $"must be at most {BillingDetails.MaxField} characters."));
        }
        if (billing.VatId is { } vatId && VatIdOf(vatId) is null)
        {
            errors.Add(new("billing.vatId", "must be a VAT ID of 4 to 20 letters and digits, e.g. DE123456789."));
        }
        if (billing.SameAsShipping)
        {
            if (request.ShippingAddress is null)
            {
                errors.Add(new("billing.sameAsShipping", "needs a shippingAddress to copy."));
            }
            if (billing.Name?.Trim().Length > BillingDetails.MaxField)
            {
                errors.Add(new("billing.name", $"must be at most {BillingDetails.MaxField} characters."));
            }
            return;
        }
        ValidateAddressLines("billing", billing.Name, billing.Line1, billing.Line2, billing.City, billing.PostalCode, errors);
        var country = billing.Country ?? request.BillingCountry;
        if (CountryCode(country) is null)
        {
            errors.Add(new("billing.country", "must be an ISO 3166 alpha-2 country code, e.g. DE."));
        }
        else if (request.BillingCountry is not null && CountryCode(request.BillingCountry) is { } given && given != CountryCode(country))
        {
            errors.Add(new("billing.country", "must match billingCountry (the VAT follows it)."));
        }
    }

    /// <summary>A VAT ID without spaces, dots or dashes, upper case ("de 123.456.789" → "DE123456789"); null when it is not 4 to 20 letters and digits.</summary>
    public static string? VatIdOf(string value)
    {
        var compact = new string(value.Where(c => c is not (' ' or '.' or '-')).ToArray()).ToUpperInvariant();
        return compact.Length is >= 4 and <= 20 && compact.All(char.IsAsciiLetterOrDigit) ? compact : null;
    }

    /// <summary>The validated request's billing details (trimmed; the shipping address copied when asked), or null when none were given.</summary>
    public static BillingDetails? Billing(PlaceOrderRequest request)
    {
        if (request.Billing is not { } b)
        {
            return null;
        }
        var company = Trimmed(b.Company);
        var vatId = b.VatId is null ? null : VatIdOf(b.VatId);
        if (b.SameAsShipping && Destination(request.ShippingAddress) is { } s)
        {
            return new(Trimmed(b.Name) ?? s.Name, company, vatId, s.Line1, s.Line2, s.City, s.PostalCode, s.Country);
        }
        return new(b.Name!.Trim(), company, vatId, b.Line1!.Trim(), Trimmed(b.Line2), b.City!.Trim(), b.PostalCode!.Trim(), CountryCode(b.Country ?? request.BillingCountry)!);
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>An ISO 3166 alpha-2 code in upper case, or null when the value is not one.</summary>
    public static string? CountryCode(string? value) =>
        value?.Trim() is { Length: 2 } code && code.All(char.IsAsciiLetter) ? code.ToUpperInvariant() : null;

    /// <summary>The method the buyer named (default <c>stripe</c>), in the canonical spelling.</summary>
    public static string MethodOf(PlaceOrderRequest request) => request.PaymentMethod?.Trim().ToLowerInvariant() ?? PaymentMethods.Stripe;

    /// <summary>The methods settled inside the order's own transaction.</summary>
    public static bool SettlesAtCheckout(string method) => method is PaymentMethods.Wallet or PaymentMethods.Test;

    /// <summary>
    /// Whether the cart may be paid with <paramref name="method"/>: it is enabled (<c>test</c>: in test
    /// mode, or a cart of nothing but the test product) and its route is installed; cash on delivery
    /// takes physical goods only, since digital lines are delivered before any courier could collect.
    /// </summary>
    public static Outcome.BadChoice? DecidePayment(string method, IReadOnlyCollection<ProductInfo> products, CheckoutOptions options, IReadOnlySet<string> installed)
    {
        var enabled = method == PaymentMethods.Test
            ? options.TestMode || products.All(p => TestProducts.IsTestSku(p.Sku))
            : options.EnabledPaymentMethods.Contains(method, StringComparer.Ordinal);
        if (!CheckoutOptions.IsKnown(method) || !enabled || !installed.Contains(method))
        {
            var available = options.EnabledPaymentMethods.Where(installed.Contains).Concat(options.TestMode ? [PaymentMethods.Test] : []);
            return new("checkout.payment_method_unavailable", $"Payment method '{method}' is not available. Available: {string.Join(", ", available)}.");
        }
        if (method == PaymentMethods.CashOnDelivery && products.FirstOrDefault(p => p.Kind != ProductKind.Physical) is { } digital)
        {
            return new("checkout.cod_requires_physical",
                $"Cash on delivery is only for physical goods, and '{digital.Sku}' is digital (delivered at once, before a courier could collect). Pay the cart another way, or order the digital items separately.");
        }
        return null;
    }

    /// <summary>A cart with a physical line needs an address and a method; an all-digital cart takes neither.</summary>
    public static Outcome.BadChoice? DecideShipping(PlaceOrderRequest request, IReadOnlyCollection<ProductInfo> products, CheckoutOptions options)
    {
        if (products.All(p => p.Kind != ProductKind.Physical))
        {
            return request.ShippingAddress is null && request.ShippingMethod is null ? null
                : new("checkout.shipping_not_required", "Nothing in this cart is shipped: send no shippingAddress or shippingMethod.");
        }
        if (request.ShippingAddress is null)
        {
            return new("checkout.shipping_address_required", "The cart holds physical goods: a shippingAddress is required.");
        }
        if (request.ShippingMethod is null || !options.EnabledShippingMethods.Contains(request.ShippingMethod.Trim(), StringComparer.Ordinal))
        {
            return new("checkout.shipping_method_unavailable", $"The cart holds physical goods: shippingMethod must be one of {string.Join(", ", options.EnabledShippingMethods)}.");
        }
        return null;
    }

    public static ShippingDestination? Destination(ShippingAddressRequest? a) => a is null ? null
        : new(a.Name!.Trim(), a.Line1!.Trim(), string.IsNullOrWhiteSpace(a.Line2) ? null : a.Line2.Trim(), a.City!.Trim(), a.PostalCode!.Trim(),
            CountryCode(a.Country)!, string.IsNullOrWhiteSpace(a.Phone) ? null : a.Phone.Trim());

    /// <summary>Why a product cannot be sold online now, or null when it can.</summary>
    public static Outcome.Refused? Unsellable(ProductInfo product) => product switch
    {
        { Status: ProductStatus.Draft } => new("checkout.product_unavailable", $"'{product.Sku}' is not on sale."),
        { DeliversFile: true, FileName: null } => new("checkout.product_unavailable", $"'{product.Sku}' has no downloadable file yet."),
        _ => null,
    };

    public static bool IsEmail(string? value) =>
        value is { Length: > 2 and <= 254 } && MailAddress.TryCreate(value, out var address) && string.Equals(address.Address, value, StringComparison.Ordinal);

    internal sealed class Handler(IProductCatalog catalog, IStockGate gate, CheckoutBatcher batcher, PlaceSettledOrder settled, IEnumerable<IPaymentRoute> routes,
        IOptions<CheckoutOptions> options, ICheckoutPages pages, Coupons.CouponLedger coupons, TimeProvider time, ILogger<Handler> logger)
    {
        public async Task<Outcome> HandleAsync(PlaceOrderRequest request, BuyerSignals? buyer, CancellationToken ct)
        {
            var errors = Validate(request);
            if (errors.Count > 0)
            {
                return new Outcome.Invalid(errors);
            }
            var items = request.Items!.GroupBy(i => i.Sku!.Trim(), StringComparer.Ordinal)
                .Select(g => (Sku: g.Key, Quantity: g.Sum(i => i.Quantity))).ToList();
            var products = (await catalog.FindRecentBySkusAsync(items.Select(i => i.Sku).ToList(), ct)).ToDictionary(p => p.Sku, StringComparer.Ordinal);
            var unknown = items.Where(i => !products.ContainsKey(i.Sku)).Select(i => i.Sku).ToList();
            if (unknown.Count > 0)
            {
                return new Outcome.UnknownProducts(unknown);
            }
            if (items.Select(i => Unsellable(products[i.Sku])).FirstOrDefault(r => r is not null) is { } refusal)
            {
                return refusal;
            }
            var currencies = items.Select(i => products[i.Sku].Price.Currency).Distinct().ToList();
            if (currencies.Count > 1)
            {
                return new Outcome.Refused("checkout.mixed_currencies", $"Items are priced in {string.Join(", ", currencies)}; one order has one currency.");
            }
            var method = MethodOf(request);
            var installed = routes.Select(r => r.Method).ToHashSet(StringComparer.Ordinal);
            var cart = items.Select(i => products[i.Sku]).ToList();
            if ((DecidePayment(method, cart, options.Value, installed) ?? DecideShipping(request, cart, options.Value)) is { } badChoice)
            {
                return badChoice;
            }

            var now = time.GetUtcNow();
            var currency = currencies[0];
            CouponTerms? coupon = null;
            if (request.CouponCode is { } code)
            {
                var subtotal = new Money(items.Sum(i => products[i.Sku].Price.Amount * i.Quantity), currency);
                switch (await coupons.CheckAsync(code, subtotal, now.UtcDateTime, ct))
                {
                    case Coupons.CouponLedger.Check.Refused refused:
                        return CouponUnavailable(refused.Message);
                    case Coupons.CouponLedger.Check.Valid valid:
                        coupon = valid.Terms;
                        break;
                }
            }
            var quote = QuoteOrder.Compute(items.Select(i => new QuoteOrder.PricedLine(products[i.Sku].Price.Amount * i.Quantity, products[i.Sku].Kind == ProductKind.Physical)).ToList(),
                currency, coupon, request.ShippingMethod, request.ShippingAddress?.Country, request.BillingCountry, options.Value);
            var orderId = Guid.CreateVersion7(now);
            var lines = items.Select((i, index) =>
            {
                var p = products[i.Sku];
                return new NewOrderLine(Guid.CreateVersion7(now), p.Id, p.Sku, p.Name, p.Kind, p.Delivery, i.Quantity, p.Price.Amount,
                    quote.Pricing.LineDiscounts[index], quote.Pricing.LineTaxes[index]);
            }).ToList();
            var total = quote.Totals.Total;
            var isTest = method == PaymentMethods.Test;
            var draft = new OrderDraft(orderId, request.Email!.Trim(), total, lines, now.UtcDateTime, method, isTest, buyer,
                Destination(request.ShippingAddress), request.ShippingMethod?.Trim(), quote.Totals, Billing(request));

            // A hot product's counter (Redis, scale-out) refuses a sold-out product before any
            // database write; it only holds, the database below still decides.
            var stockLines = draft.StockLines;
            var gated = await gate.TryHoldAsync(orderId, stockLines, ct);
            if (gated is GateDecision.SoldOut gateShort)
            {
                Refused.Add(1);
                return new Outcome.InsufficientStock(gateShort.Sku, gateShort.Requested, gateShort.Available);
            }

            // Reserve and write together with the other buyers of this moment (group commit); an
            // order paid at once commits with its payment in a transaction of its own.
            PlaceSettledOrder.Outcome placed;
            try
            {
                placed = SettlesAtCheckout(method) ? await settled.PlaceAsync(draft, ct) : await batcher.PlaceAsync(draft, ct) switch
                {
                    ReserveOutcome.Reserved r => new PlaceSettledOrder.Outcome.Placed(r.ExpiresAt),
                    ReserveOutcome.InsufficientStock i => new PlaceSettledOrder.Outcome.InsufficientStock(i.Sku, i.Requested, i.Available),
                    CouponUnavailable c => new PlaceSettledOrder.Outcome.CouponUnavailable(c.Code),
                    _ => throw new InvalidOperationException("Unhandled reservation outcome."),
                };
            }
            catch when (gated is GateDecision.Held)
            {
                await gate.ReleaseAsync(orderId, stockLines);
                throw;
            }
            if (gated is GateDecision.Held)
            {
                await (placed is PlaceSettledOrder.Outcome.Placed ? gate.ConfirmAsync(orderId, stockLines) : gate.ReleaseAsync(orderId, stockLines));
            }
            switch (placed)
            {
                case PlaceSettledOrder.Outcome.InsufficientStock short_:
                    Refused.Add(1);
                    return new Outcome.InsufficientStock(short_.Sku, short_.Requested, short_.Available);
                case PlaceSettledOrder.Outcome.InsufficientFunds funds:
                    return new Outcome.InsufficientFunds(funds.Balance, funds.Required, total.Currency);
                case PlaceSettledOrder.Outcome.CouponUnavailable taken:
                    return CouponUnavailable($"The coupon {taken.Code} was used up or withdrawn a moment ago. Nothing was ordered: remove the coupon to order without it.");
            }
            Placed.Add(1);
            var expiresAt = ((PlaceSettledOrder.Outcome.Placed)placed).ReservationExpiresAt;
            var statusUrl = $"/api/orders/{orderId}";

            // The order is committed: the route prepares the payment (a provider's API call for the
            // hosted pages). If that fails the order stays pending and its reservation runs out.
            var route = routes.First(r => r.Method == method);
            PaymentStart start;
            try
            {
                var totals = quote.Totals;
                start = await route.StartAsync(new PaymentStartRequest(orderId, draft.Email, total.Amount, total.Currency,
                    lines.Select(l => new PaymentStartLine(l.Sku, l.ProductName, l.Quantity, l.UnitPriceAmount, l.DiscountAmount)).ToList(),
                    pages.ReturnUrl(orderId), pages.CancelUrl(orderId), isTest,
                    new PaymentBreakdown(totals.Subtotal.Amount, totals.Discount.Amount, totals.Shipping.Amount, totals.PricesIncludeTax ? 0 : totals.Tax.Amount,
                        totals.CouponCode, totals.TaxRate)), ct);
            }
            catch (Exception e) when (e is HttpRequestException or TimeoutException or InvalidOperationException || (e is OperationCanceledException && !ct.IsCancellationRequested))
            {
                LogStartFailed(logger, method, orderId, e.GetType().Name, null);
                return new Outcome.PaymentStartFailed(orderId, statusUrl);
            }
            var payment = new PaymentStep(start.Method, total.Amount, total.Currency.ToLowerInvariant(), start.Metadata, start.RedirectUrl, start.ProviderReference, start.PaidAtOnce);
            return new Outcome.Placed(new PlaceOrderResponse(orderId, OrderStatus.Pending, total, expiresAt, payment, statusUrl, isTest, quote.Totals));
        }
    }

    public const string CouponUnavailableCode = "checkout.coupon_unavailable";

    private static Outcome.Refused CouponUnavailable(string detail) => new(CouponUnavailableCode, detail);

    /// <summary>What the request tells about the buyer, for the fraud rules: the client address (after the trusted proxies), the proxy's country header, the billing country.</summary>
    public static BuyerSignals Signals(HttpContext http, CheckoutOptions options, PlaceOrderRequest request) => new(
        http.Connection.RemoteIpAddress?.ToString(),
        options.IpCountryHeader is { Length: > 0 } header ? CountryCode(http.Request.Headers[header].ToString()) : null,
        CountryCode(request.BillingCountry));

    /// <summary>What one placed order writes, once its stock is reserved: run by <see cref="CheckoutBatcher"/> inside the batch's transaction.</summary>
    internal sealed class Writer(IOrderBook orders, IOutbox outbox, IAuditLog audit, IShippingAddresses addresses)
    {
        public void Write(OrderDraft draft, DateTime reservationExpiresAt)
        {
            orders.Add(new NewOrder(draft.OrderId, draft.Email, draft.Total.Currency, draft.Lines, reservationExpiresAt, draft.PaymentMethod, draft.IsTest, draft.Totals,
                draft.Billing),
                draft.PlacedAt);
            outbox.Enqueue(new OrderPlaced(draft.OrderId, draft.Email, draft.Total.Amount, draft.Total.Currency, draft.PlacedAt, draft.PaymentMethod, draft.IsTest, draft.Buyer));
            if (draft.ShipTo is { } destination)
            {
                addresses.Record(draft.OrderId, destination, draft.ShippingMethod!);
            }
            audit.Append("OrderPlaced", draft.OrderId, "buyer", new
            {
                total = draft.Total.Amount, draft.Total.Currency, lines = draft.Lines.Select(l => new { l.Sku, l.Quantity }), draft.PaymentMethod, test = draft.IsTest,
                discount = draft.Totals?.Discount.Amount, coupon = draft.CouponCode, shipping = draft.Totals?.Shipping.Amount, tax = draft.Totals?.Tax.Amount,
            });
        }
    }

    /// <summary>A billing address's country stands for the billing country when the request names none: the VAT and the fraud rules follow it.</summary>
    public static PlaceOrderRequest WithBillingCountry(PlaceOrderRequest request) =>
        request is { BillingCountry: null, Billing: { SameAsShipping: false, Country: { } country } } ? request with { BillingCountry = country } : request;

    public static async Task<Results<Created<PlaceOrderResponse>, ProblemHttpResult>> EndpointAsync(PlaceOrderRequest request, HttpContext http, Handler handler,
        IOptions<CheckoutOptions> options, CancellationToken ct)
    {
        request = WithBillingCountry(request);
        return await handler.HandleAsync(request, Signals(http, options.Value, request), ct) switch
        {
            Outcome.Placed p => TypedResults.Created(p.Response.StatusUrl, p.Response),
            Outcome.Invalid i => Problems.Validation(i.Errors),
            Outcome.UnknownProducts u => Problems.BadRequest("catalog.product_not_found", $"Unknown SKU(s): {string.Join(", ", u.Skus)}.",
                new Dictionary<string, object?> { ["skus"] = u.Skus }),
            Outcome.Refused r => Problems.Create(StatusCodes.Status422UnprocessableEntity, r.Code, "The order cannot be placed.", r.Detail),
            Outcome.InsufficientStock s => Problems.Conflict("inventory.insufficient_stock",
                $"Only {s.Available} of '{s.Sku}' left; {s.Requested} requested.",
                new Dictionary<string, object?> { ["sku"] = s.Sku, ["requested"] = s.Requested, ["available"] = s.Available }),
            Outcome.BadChoice b => Problems.BadRequest(b.Code, b.Detail),
            Outcome.InsufficientFunds f => Problems.Create(StatusCodes.Status402PaymentRequired, "checkout.insufficient_funds", "Not enough store credit.",
                $"The store credit holds {f.Balance} and the order costs {f.Required} (minor units of {f.Currency}). Nothing was ordered.",
                new Dictionary<string, object?> { ["balance"] = f.Balance, ["required"] = f.Required, ["currency"] = f.Currency }),
            Outcome.PaymentStartFailed p => Problems.Create(StatusCodes.Status502BadGateway, "checkout.payment_start_failed", "The payment could not be started.",
                $"The order was placed but the payment provider did not answer; the order stays pending until its reservation expires.",
                new Dictionary<string, object?> { ["orderId"] = p.OrderId, ["statusUrl"] = p.StatusUrl }),
            _ => throw new InvalidOperationException("Unhandled outcome."),
        };
    }
}
