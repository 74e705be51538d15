using Orderly.Orders.Contracts;
using Orderly.Payments.Contracts;
using Stripe.Checkout;

namespace Orderly.Payments.Stripe;

/// <summary>
/// The <c>stripe_checkout</c> route: a Checkout Session (mode payment, one price_data line per order
/// line) whose <c>metadata[order_id]</c>, <c>client_reference_id</c> and PaymentIntent metadata name
/// the order, so <c>checkout.session.completed</c> and the PaymentIntent's events find it. Provider
/// errors (<c>StripeException</c>) reach the caller.
/// </summary>
internal sealed class StartStripeCheckout(StripeApi stripe) : IPaymentRoute
{
    public string Method => PaymentMethods.StripeCheckout;

    public async Task<PaymentStart> StartAsync(PaymentStartRequest request, CancellationToken cancellationToken)
    {
        var client = stripe.Client() ?? throw new InvalidOperationException("Stripe Checkout is not configured (Payments:Stripe:SecretKey).");
        var metadata = new Dictionary<string, string> { ["order_id"] = request.OrderId.ToString() };
        var currency = request.Currency.ToLowerInvariant();
        var session = await new SessionService(client).CreateAsync(new SessionCreateOptions
        {
            Mode = "payment",
            LineItems = LineItems(request, currency),
            ShippingOptions = request.Breakdown is { Shipping: > 0 } b
                ? [new SessionShippingOptionOptions { ShippingRateData = new SessionShippingOptionShippingRateDataOptions
                    {
                        Type = "fixed_amount", DisplayName = "Shipping",
                        FixedAmount = new SessionShippingOptionShippingRateDataFixedAmountOptions { Amount = b.Shipping, Currency = currency },
                    } }]
                : null,
            Metadata = metadata,
            ClientReferenceId = request.OrderId.ToString(),
            PaymentIntentData = new SessionPaymentIntentDataOptions { Metadata = new Dictionary<string, string>(metadata) },
            CustomerEmail = request.Email,
            SuccessUrl = request.ReturnUrl,
            CancelUrl = request.CancelUrl,
        }, new global::Stripe.RequestOptions { IdempotencyKey = $"orderly-checkout-{request.OrderId:N}" }, cancellationToken);
        return new PaymentStart(Method, session.Url, session.Id, metadata);
    }

    /// <summary>
    /// One price_data item per order line at what the buyer pays for it. Stripe takes no negative
    /// items and its discounts need Coupon objects: a discounted line is sent at its net amount
    /// (per unit when it divides evenly, else as one item "3 × Name"), and VAT added on top is an
    /// item of its own, so the session's amount_total is the order's total to the cent.
    /// </summary>
    internal static List<SessionLineItemOptions> LineItems(PaymentStartRequest request, string currency)
    {
        SessionLineItemOptions Item(string name, long unitAmount, long quantity) => new()
        {
            Quantity = quantity,
            PriceData = new SessionLineItemPriceDataOptions { Currency = currency, UnitAmount = unitAmount, ProductData = new SessionLineItemPriceDataProductDataOptions { Name = name } },
        };
        var items = request.Lines.Select(l =>
        {
            var net = (l.UnitAmount * l.Quantity) - l.Discount;
            return l.Discount == 0 || net % l.Quantity == 0 ? Item(l.Name, net / l.Quantity, l.Quantity) : Item($"{l.Quantity} × {l.Name}", net, 1);
        }).ToList();
        if (request.Breakdown is { TaxAdded: > 0 } b)
        {
            items.Add(Item($"VAT {b.TaxRate:0.##} %", b.TaxAdded, 1));
        }
        return items;
    }
}
