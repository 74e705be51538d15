using Orderly.Checkout;

namespace Orderly.UnitTests.Checkout;

public sealed class OrderPricingTests
{
    [Fact]
    public void Largest_remainder_gives_the_odd_cents_to_the_largest_remainders_and_adds_up_exactly()
    {
        // 100 over three equal parts: 33.33 each, the cent left goes to the first.
        Assert.Equal([34, 33, 33], OrderPricing.Allocate(100, [1000, 1000, 1000]));
        // 10 over 1:2 → 3.33 and 6.67: the larger remainder (6.67) gets the cent.
        Assert.Equal([3, 7], OrderPricing.Allocate(10, [100, 200]));
        Assert.Equal(999, OrderPricing.Allocate(999, [7, 13, 29, 31]).Sum());
    }

    [Fact]
    public void A_percentage_coupon_is_allocated_to_the_lines_in_proportion()
    {
        var result = OrderPricing.Compute([2000, 1000], new CouponTerms("TEN", 10, null), 0, 0, pricesIncludeTax: true);

        Assert.Equal(300, result.Discount);
        Assert.Equal([200, 100], result.LineDiscounts);
        Assert.Equal(2700, result.Total);
    }

    [Fact]
    public void A_fixed_coupon_never_takes_more_than_the_subtotal()
    {
        var result = OrderPricing.Compute([400], new CouponTerms("BIG", null, 1000), 490, 0, pricesIncludeTax: true);

        Assert.Equal(400, result.Discount);
        Assert.Equal(490, result.Total); // shipping stays to pay
    }

    [Fact]
    public void Included_vat_is_the_part_of_the_gross_amount_shipping_included()
    {
        // 2500 + 490 shipping = 2990 gross at 19 %: VAT = 2990 × 19 / 119 = 477.39 → 477.
        var result = OrderPricing.Compute([2500], null, 490, 19, pricesIncludeTax: true);

        Assert.Equal(477, result.Tax);
        Assert.Equal(2990, result.Total);
        Assert.Equal(477, result.LineTaxes.Sum() + result.ShippingTax);
    }

    [Fact]
    public void Added_vat_goes_on_top_of_the_discounted_amount()
    {
        // (1999 − 200) × 19 % = 341.81 → 342.
        var result = OrderPricing.Compute([1999], new CouponTerms("OFF2", null, 200), 0, 19, pricesIncludeTax: false);

        Assert.Equal(342, result.Tax);
        Assert.Equal(1999 - 200 + 342, result.Total);
        Assert.Equal([342], result.LineTaxes);
    }

    [Fact]
    public void Percentages_round_half_away_from_zero()
    {
        Assert.Equal(1, OrderPricing.DiscountOf(new CouponTerms("X", 10, null), 5)); // 0.5 → 1
        Assert.Equal(0, OrderPricing.TaxOf(2, 19, included: false)); // 0.38 → 0
        Assert.Equal(1, OrderPricing.TaxOf(3, 19, included: false)); // 0.57 → 1
    }

    [Fact]
    public void Shipping_is_free_above_the_threshold_and_only_for_physical_carts()
    {
        var options = new CheckoutOptions { ShippingRates = new() { ["standard"] = 490, ["express"] = 990 }, FreeShippingAbove = 5000 };

        Assert.Equal(490, options.ShippingPrice("standard", 4999, hasPhysical: true));
        Assert.Equal(0, options.ShippingPrice("standard", 5000, hasPhysical: true));
        Assert.Equal(0, options.ShippingPrice("express", 1000, hasPhysical: false));
        Assert.Equal(0, options.ShippingPrice("pickup", 1000, hasPhysical: true)); // no rate configured
    }

    [Fact]
    public void Vat_follows_the_shipping_country_then_the_billing_country_then_the_default()
    {
        var options = new CheckoutOptions { TaxRates = new(StringComparer.OrdinalIgnoreCase) { ["DE"] = 19, ["FR"] = 20 }, TaxCountry = "DE" };
        var lines = new[] { new QuoteOrder.PricedLine(1200, Physical: true) };

        Assert.Equal(20, QuoteOrder.Compute(lines, "EUR", null, "standard", "FR", "DE", options).Totals.TaxRate);
        Assert.Equal(20, QuoteOrder.Compute([new(1200, false)], "EUR", null, null, null, "fr", options).Totals.TaxRate);
        Assert.Equal(19, QuoteOrder.Compute([new(1200, false)], "EUR", null, null, null, null, options).Totals.TaxRate);
        Assert.Equal(0, QuoteOrder.Compute([new(1200, false)], "EUR", null, null, null, "US", options).Totals.TaxRate);
    }
}
