namespace Orderly.Checkout.Contracts;

/// <summary>
/// The buyer-facing pages checkout hands to payment providers. A provider step that returns to
/// Orderly first (PayPal's capture) sends the buyer on to the same page the checkout named, without
/// carrying the address through the provider.
/// </summary>
public interface ICheckoutPages
{
    /// <summary>The thank-you page of an order (<c>Checkout:ReturnUrl</c>, <c>{orderId}</c> replaced).</summary>
    string ReturnUrl(Guid orderId);

    /// <summary>The page for a buyer who gave up (<c>Checkout:CancelUrl</c>, <c>{orderId}</c> replaced).</summary>
    string CancelUrl(Guid orderId);
}
