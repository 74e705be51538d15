using Microsoft.Extensions.Options;
using Orderly.Checkout.Contracts;
using Orderly.Hosting;

namespace Orderly.Checkout;

/// <summary>The configured pages, or Orderly's own <c>/checkout/complete</c> and <c>/checkout/cancelled</c>.</summary>
internal sealed class CheckoutPages(IOptions<CheckoutOptions> options, IOptions<OrderlyOptions> orderly) : ICheckoutPages
{
    public string ReturnUrl(Guid orderId) => Url(options.Value.ReturnUrl, "complete", orderId);

    public string CancelUrl(Guid orderId) => Url(options.Value.CancelUrl, "cancelled", orderId);

    private string Url(string? configured, string page, Guid orderId) =>
        (configured ?? $"{orderly.Value.PublicBaseUrl.TrimEnd('/')}/checkout/{page}?order_id={{orderId}}").Replace("{orderId}", orderId.ToString(), StringComparison.Ordinal);
}
