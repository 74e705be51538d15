using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orderly.Catalog.Contracts;
using Orderly.Hosting;
using Orderly.Orders.Contracts;
using Orderly.Payments.Contracts;
using Orderly.Persistence;

namespace Orderly.Checkout;

/// <summary>
/// The checkout page's order: the cart's lines and the form go through <see cref="PlaceOrder.Handler"/>
/// (the same rules as <c>POST /api/checkout</c>); once placed, the cart is emptied and the order is
/// remembered in this browser. Refusals come back per form field.
/// </summary>
internal static class CheckoutCart
{
    /// <summary>The form's fields; the address and shipping method count only when the cart holds a physical line.</summary>
    public sealed class Form
    {
        public string? Email { get; set; }
        public string? Name { get; set; }
        public string? BillingCountry { get; set; }
        public string? Line1 { get; set; }
        public string? Line2 { get; set; }
        public string? City { get; set; }
        public string? PostalCode { get; set; }
        public string? Country { get; set; }
        public string? Phone { get; set; }
        public string? ShippingMethod { get; set; }
        public string? PaymentMethod { get; set; }
        public string? CouponCode { get; set; }

        // Billing details for the invoice, all optional; the billing address's country is BillingCountry.
        public string? BillingCompany { get; set; }
        public string? BillingVatId { get; set; }

        /// <summary>
        /// Bill to an address other than the shipping one. Off by default: a checkbox posts nothing when
        /// unticked, so the default must be what an unticked box means.
        /// </summary>
        public bool BillingOtherAddress { get; set; }
        public string? BillingName { get; set; }
        public string? BillingLine1 { get; set; }
        public string? BillingLine2 { get; set; }
        public string? BillingCity { get; set; }
        public string? BillingPostalCode { get; set; }

        /// <summary>The saved address chosen to fill the billing fields.</summary>
        public Guid? BillingSavedAddressId { get; set; }

        /// <summary>Which button posted: <see cref="Actions.Quote"/>, <see cref="Actions.UseAddress"/>, or anything else to place the order.</summary>
        public string? Action { get; set; }

        /// <summary>The saved address chosen to fill the shipping fields (a signed-in buyer's address book).</summary>
        public Guid? SavedAddressId { get; set; }
    }

    public static class Actions
    {
        /// <summary>Recompute the totals for the form's country, method and coupon; nothing is placed.</summary>
        public const string Quote = "quote";

        /// <summary>Fill the shipping fields from the chosen saved address; nothing is placed.</summary>
        public const string UseAddress = "use-address";

        /// <summary>Fill the billing fields from the chosen saved address; nothing is placed.</summary>
        public const string UseBillingAddress = "use-billing-address";
    }

    public sealed record Choice(string Value, string Label);

    /// <summary>The key of a refusal that belongs to no field.</summary>
    public const string General = "";

    public abstract record Outcome
    {
        /// <param name="NextUrl">The provider's payment page, or the thank-you page.</param>
        public sealed record Placed(Guid OrderId, string NextUrl) : Outcome;
        public sealed record Refused(IReadOnlyDictionary<string, string> Errors) : Outcome;
    }

    /// <summary>Payment labels a shopper understands; <c>stripe</c> (a card form of the shop's own) is for API clients, not this page.</summary>
    private static readonly Dictionary<string, string> PaymentLabels = new(StringComparer.Ordinal)
    {
        [PaymentMethods.StripeCheckout] = "Credit or debit card",
        [PaymentMethods.PayPal] = "PayPal",
        [PaymentMethods.WooCommerce] = "Pay on our payment page",
        [PaymentMethods.Wallet] = "Store credit",
        [PaymentMethods.Manual] = "Bank transfer",
        [PaymentMethods.CashOnDelivery] = "Cash on delivery",
        [PaymentMethods.Test] = "Test payment (no money moves)",
    };

    internal sealed class Handler(CartIdentity carts, ShowCart.Handler showCart, PlaceOrder.Handler placeOrder, BrowserOrders browserOrders,
        IEnumerable<IPaymentRoute> routes, IOptions<CheckoutOptions> options, QuoteOrder.Handler quotes, OrderlyDbContext db)
    {
        /// <summary>The totals of the cart for what the form says now (country, shipping method, coupon); null when the cart cannot be priced.</summary>
        public Task<QuoteOrder.Quote?> QuoteAsync(ShowCart.View cart, Form form, CancellationToken ct) =>
            quotes.HandleAsync(cart, Blank(form.CouponCode), cart.HasPhysical ? Blank(form.ShippingMethod) : null, Blank(form.Country), Blank(form.BillingCountry), ct);

        /// <summary>The payment methods this cart can be paid with, enabled and installed, in the configured order.</summary>
        public IReadOnlyList<Choice> PaymentChoices(ShowCart.View cart)
        {
            var products = cart.Lines.Where(l => l.Product is not null).Select(l => l.Product!).ToList();
            var installed = routes.Select(r => r.Method).ToHashSet(StringComparer.Ordinal);
            return options.Value.EnabledPaymentMethods.Append(PaymentMethods.Test).Distinct(StringComparer.Ordinal)
                .Where(m => PaymentLabels.ContainsKey(m) && PlaceOrder.DecidePayment(m, products, options.Value, installed) is null)
                .Select(m => new Choice(m, PaymentLabels[m])).ToList();
        }

        /// <param name="goods">What the goods cost after the discount: the labels then show each method's price ("Standard · €4.90", "Free").</param>
        public IReadOnlyList<Choice> ShippingChoices(Money? goods = null) =>
            options.Value.EnabledShippingMethods.Select(m => new Choice(m, (m.Length > 0 ? char.ToUpperInvariant(m[0]) + m[1..] : m) + (goods is { } g
                ? " · " + (options.Value.ShippingPrice(m, g.Amount, true) is > 0 and var price ? MoneyText.Format(new(price, g.Currency)) : "Free")
                : ""))).ToList();

        public async Task<Outcome> PlaceAsync(HttpContext http, Form form, CancellationToken ct)
        {
            var cart = await showCart.HandleAsync(http, ct);
            if (!cart.CanCheckout)
            {
                return Refuse(General, cart.Lines.Count == 0 ? "Your cart is empty." : "Some items in your cart cannot be bought now: see your cart.");
            }
            var request = new PlaceOrderRequest(form.Email?.Trim(), cart.Lines.Select(l => new PlaceOrderItem(l.Sku, l.Quantity)).ToList(),
                form.PaymentMethod, Blank(form.BillingCountry),
                cart.HasPhysical ? new ShippingAddressRequest(form.Name, form.Line1, form.Line2, form.City, form.PostalCode, form.Country, form.Phone) : null,
                cart.HasPhysical ? Blank(form.ShippingMethod) ?? "" : null, Blank(form.CouponCode), BillingOf(form, cart.HasPhysical));
            if (string.IsNullOrWhiteSpace(form.PaymentMethod))
            {
                // Told together with the form's other mistakes, so the buyer fixes them all at once.
                var errors = Explain(new PlaceOrder.Outcome.Invalid(PlaceOrder.Validate(request)));
                errors["paymentMethod"] = "Choose how to pay.";
                return new Outcome.Refused(errors);
            }
            var outcome = await placeOrder.HandleAsync(request, PlaceOrder.Signals(http, options.Value, request), ct);
            if (outcome is not PlaceOrder.Outcome.Placed placed)
            {
                return new Outcome.Refused(Explain(outcome));
            }
            var orderId = placed.Response.OrderId;
            browserOrders.Remember(http, orderId);
            if (await carts.FindAsync(http, ct) is { } owned)
            {
                await db.Set<CartLine>().Where(l => l.CartId == owned.Id).ExecuteDeleteAsync(ct);
            }
            return new Outcome.Placed(orderId, placed.Response.Payment.RedirectUrl ?? $"/checkout/complete?order_id={orderId}");
        }

        private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

        /// <summary>
        /// The form's billing details, or null when the buyer gave none. A shipped cart bills to the
        /// shipping address unless the buyer ticks "another address"; then, and for a digital cart,
        /// the billing address fields count once any of them (or the company or VAT ID) is filled.
        /// </summary>
        private static BillingRequest? BillingOf(Form form, bool physical)
        {
            var (company, vatId) = (Blank(form.BillingCompany), Blank(form.BillingVatId));
            if (physical && !form.BillingOtherAddress)
            {
                return company is null && vatId is null ? null : new BillingRequest(null, company, vatId, null, null, null, null, null, SameAsShipping: true);
            }
            var address = new[] { form.BillingName, form.BillingLine1, form.BillingLine2, form.BillingCity, form.BillingPostalCode }.Select(Blank).ToList();
            return company is null && vatId is null && address.All(v => v is null) ? null
                : new BillingRequest(address[0], company, vatId, address[1], address[2], address[3], address[4], null);
        }
    }

    private static Outcome.Refused Refuse(string field, string message) => new(new Dictionary<string, string> { [field] = message });

    /// <summary>The checkout's refusals as a shopper reads them, keyed by the form field they belong to.</summary>
    private static Dictionary<string, string> Explain(PlaceOrder.Outcome outcome) => outcome switch
    {
        PlaceOrder.Outcome.Invalid i => i.Errors.GroupBy(e => FieldOf(e.Field)).ToDictionary(g => g.Key, g => string.Join(" ", g.Select(e => Sentence(e.Field, e.Message)))),
        PlaceOrder.Outcome.UnknownProducts u => new() { [General] = $"No longer sold: {string.Join(", ", u.Skus)}. Remove it from your cart." },
        PlaceOrder.Outcome.InsufficientStock s => new() { [General] = $"Only {s.Available} of {s.Sku} left. Lower the quantity in your cart." },
        PlaceOrder.Outcome.InsufficientFunds f => new() { ["paymentMethod"] = "Your store credit does not cover this order. Choose another way to pay." },
        PlaceOrder.Outcome.BadChoice { Code: "checkout.shipping_method_unavailable" } => new() { ["shippingMethod"] = "Choose a shipping method." },
        PlaceOrder.Outcome.BadChoice { Code: "checkout.shipping_address_required" } => new() { ["line1"] = "Enter the shipping address." },
        PlaceOrder.Outcome.BadChoice b when b.Code.StartsWith("checkout.payment", StringComparison.Ordinal) || b.Code == "checkout.cod_requires_physical" =>
            new() { ["paymentMethod"] = b.Detail },
        PlaceOrder.Outcome.BadChoice b => new() { [General] = b.Detail },
        PlaceOrder.Outcome.Refused { Code: PlaceOrder.CouponUnavailableCode } r => new() { ["couponCode"] = r.Detail },
        PlaceOrder.Outcome.Refused r => new() { [General] = r.Detail },
        PlaceOrder.Outcome.PaymentStartFailed => new() { [General] = "The payment provider did not answer. Nothing was charged: please try again in a moment, or choose another way to pay." },
        _ => new() { [General] = "The order could not be placed. Please try again." },
    };

    /// <summary>The form field of a <see cref="PlaceOrder.Validate"/> error ("shippingAddress.line1" → "line1").</summary>
    private static string FieldOf(string field) => field switch
    {
        "email" or "billingCountry" or "paymentMethod" or "shippingMethod" or "couponCode" => field,
        "shippingAddress.name" => "name",
        _ when field.StartsWith("shippingAddress.", StringComparison.Ordinal) => field["shippingAddress.".Length..],
        "billing.country" => "billingCountry",
        _ when field.StartsWith("billing.", StringComparison.Ordinal) && field.Length > "billing.".Length =>
            "billing" + char.ToUpperInvariant(field["billing.".Length]) + field[("billing.".Length + 1)..],
        _ => General,
    };

    private static string Sentence(string field, string message) => FieldOf(field) switch
    {
        "email" => "Enter a valid e-mail address.",
        "billingCountry" or "country" when message.Contains("match", StringComparison.Ordinal) => "The billing address's country is the billing country.",
        "billingCountry" or "country" => "Enter a two-letter country code, e.g. DE.",
        "billingVatId" => "Enter the VAT ID as 4 to 20 letters and digits, e.g. DE123456789.",
        General => message,
        _ => "This field " + message,
    };
}
