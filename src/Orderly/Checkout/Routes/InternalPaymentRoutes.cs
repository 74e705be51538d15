using System.Globalization;
using Microsoft.Extensions.Options;
using Orderly.Orders.Contracts;
using Orderly.Payments.Contracts;

namespace Orderly.Checkout.Routes;

/// <summary>
/// <c>stripe</c>: the shop's own page takes the card. It creates the PaymentIntent itself for the
/// amount with <c>metadata[order_id]</c> set, and the Stripe webhook confirms it.
/// </summary>
internal sealed class StripeRoute : IPaymentRoute
{
    public string Method => PaymentMethods.Stripe;

    public Task<PaymentStart> StartAsync(PaymentStartRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new PaymentStart(Method, null, null, OrderMetadata(request)));

    public static Dictionary<string, string> OrderMetadata(PaymentStartRequest request) => new() { ["order_id"] = request.OrderId.ToString() };
}

/// <summary>
/// <c>wallet</c> and <c>test</c>: checkout settled the money in the order's own transaction (the
/// store-credit debit, or nothing at all for a test order), so there is nothing left to do.
/// </summary>
internal sealed class SettledAtCheckoutRoute(string method) : IPaymentRoute
{
    public string Method => method;

    public Task<PaymentStart> StartAsync(PaymentStartRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new PaymentStart(Method, null, null, StripeRoute.OrderMetadata(request), PaidAtOnce: true));
}

/// <summary><c>manual</c>: the buyer pays by bank transfer following the instructions; an admin marks the order paid.</summary>
internal sealed class ManualRoute(IOptions<ManualPaymentOptions> options) : IPaymentRoute
{
    public string Method => PaymentMethods.Manual;

    public Task<PaymentStart> StartAsync(PaymentStartRequest request, CancellationToken cancellationToken)
    {
        var metadata = StripeRoute.OrderMetadata(request);
        metadata["instructions"] = options.Value.Instructions
            .Replace("{orderId}", request.OrderId.ToString(), StringComparison.Ordinal)
            .Replace("{amount}", $"{(request.Amount / 100m).ToString("0.00", CultureInfo.InvariantCulture)} {request.Currency}", StringComparison.Ordinal);
        return Task.FromResult(new PaymentStart(Method, null, null, metadata));
    }
}

/// <summary><c>cod</c>: nothing is paid now; the courier collects, and an admin marks the order paid on delivery.</summary>
internal sealed class CashOnDeliveryRoute : IPaymentRoute
{
    public string Method => PaymentMethods.CashOnDelivery;

    public Task<PaymentStart> StartAsync(PaymentStartRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new PaymentStart(Method, null, null, StripeRoute.OrderMetadata(request)));
}
