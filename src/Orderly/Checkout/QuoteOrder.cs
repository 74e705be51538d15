using Microsoft.Extensions.Options;
using Orderly.Catalog.Contracts;
using Orderly.Checkout.Coupons;
using Orderly.Hosting;
using Orderly.Orders.Contracts;

namespace Orderly.Checkout;

/// <summary>
/// An order's totals before it is placed: the same arithmetic <see cref="PlaceOrder"/> records,
/// for the cart (an estimate) and the checkout page (for the chosen country, method and coupon).
/// </summary>
internal static class QuoteOrder
{
    /// <param name="Amount">The line's price × quantity.</param>
    public sealed record PricedLine(long Amount, bool Physical);

    /// <param name="CouponProblem">Why the code gives no discount, in a shopper's words; null when it does (or none was given).</param>
    public sealed record Quote(OrderTotals Totals, OrderPricing.Result Pricing, string? CouponProblem = null);

    public static Quote Compute(IReadOnlyList<PricedLine> lines, string currency, CouponTerms? coupon, string? shippingMethod, string? shippingCountry,
        string? billingCountry, CheckoutOptions options)
    {
        var hasPhysical = lines.Any(l => l.Physical);
        var subtotal = lines.Sum(l => l.Amount);
        var goods = subtotal - (coupon is null ? 0 : OrderPricing.DiscountOf(coupon, subtotal));
        var shipping = options.ShippingPrice(shippingMethod, goods, hasPhysical);
        var rate = options.TaxRateFor(options.TaxCountryFor(hasPhysical ? PlaceOrder.CountryCode(shippingCountry) : null, PlaceOrder.CountryCode(billingCountry)));
        var pricing = OrderPricing.Compute(lines.Select(l => l.Amount).ToList(), coupon, shipping, rate, options.PricesIncludeTax);
        Money M(long amount) => new(amount, currency);
        var totals = new OrderTotals(M(pricing.Subtotal), M(pricing.Discount), M(pricing.Shipping), M(pricing.Tax), M(pricing.Total),
            coupon?.Code, pricing.PricesIncludeTax, pricing.TaxRate);
        return new Quote(totals, pricing);
    }

    internal sealed class Handler(CouponLedger coupons, IOptions<CheckoutOptions> options, TimeProvider time)
    {
        /// <summary>The totals of the cart's lines; null when the cart cannot be priced (empty, mixed currencies).</summary>
        public async Task<Quote?> HandleAsync(ShowCart.View cart, string? couponCode, string? shippingMethod, string? shippingCountry, string? billingCountry,
            CancellationToken ct)
        {
            if (cart.Subtotal is not { } subtotal)
            {
                return null;
            }
            var lines = cart.Lines.Where(l => l.LineTotal is not null).Select(l => new PricedLine(l.LineTotal!.Value.Amount, l.Product?.Kind == ProductKind.Physical)).ToList();
            CouponTerms? terms = null;
            string? problem = null;
            if (!string.IsNullOrWhiteSpace(couponCode))
            {
                switch (await coupons.CheckAsync(couponCode, subtotal, time.GetUtcNow().UtcDateTime, ct))
                {
                    case CouponLedger.Check.Valid valid:
                        terms = valid.Terms;
                        break;
                    case CouponLedger.Check.Refused refused:
                        problem = refused.Message;
                        break;
                }
            }
            return Compute(lines, subtotal.Currency, terms, shippingMethod, shippingCountry, billingCountry, options.Value) with { CouponProblem = problem };
        }
    }
}
