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
            LineItems = request.Lines.Select(l => new SessionLineItemOptions
            {
                Quantity = l.Quantity,
                PriceData = new SessionLineItemPriceDataOptions { Currency = currency, UnitAmount = l.UnitAmount, ProductData = new SessionLineItemPriceDataProductDataOptions { Name = l.Name } },
            }).ToList(),
            Metadata = metadata,
            ClientReferenceId = request.OrderId.ToString(),
            PaymentIntentData = new SessionPaymentIntentDataOptions { Metadata = new Dictionary<string, string>(metadata) },
            CustomerEmail = request.Email,
            SuccessUrl = request.ReturnUrl,
            CancelUrl = request.CancelUrl,
        }, new global::Stripe.RequestOptions { IdempotencyKey = $"orderly-checkout-{request.OrderId:N}" }, cancellationToken);
        return new PaymentStart(Method, session.Url, session.Id, metadata);
    }
}
