namespace Orderly.Checkout;

/// <summary>A coupon's terms as pricing applies them: a percentage (1–100) or a fixed amount (minor units).</summary>
internal sealed record CouponTerms(string Code, int? Percent, long? FixedAmount);

/// <summary>
/// The arithmetic of an order's totals, in minor units and without a database: the discount
/// (allocated to the lines by largest remainder, so the cents add up exactly), shipping, and VAT
/// either included in the prices (the included part is shown) or added on top. Tax is charged on
/// what the buyer pays: the discounted lines plus shipping.
/// </summary>
internal static class OrderPricing
{
    /// <param name="LineDiscounts">Per line, in the order given.</param>
    /// <param name="LineTaxes">Per line, the VAT in (or on) its discounted amount; shipping's share is <see cref="ShippingTax"/>.</param>
    public sealed record Result(long Subtotal, long Discount, long Shipping, long Tax, long Total, IReadOnlyList<long> LineDiscounts,
        IReadOnlyList<long> LineTaxes, long ShippingTax, decimal TaxRate, bool PricesIncludeTax);

    /// <param name="lineAmounts">Each line's price × quantity.</param>
    /// <param name="shipping">The shipping price (0 when nothing is shipped or shipping is free).</param>
    /// <param name="taxRate">VAT in percent (19 for 19 %); 0 for none.</param>
    public static Result Compute(IReadOnlyList<long> lineAmounts, CouponTerms? coupon, long shipping, decimal taxRate, bool pricesIncludeTax)
    {
        var subtotal = lineAmounts.Sum();
        var discount = coupon is null ? 0 : DiscountOf(coupon, subtotal);
        var lineDiscounts = Allocate(discount, lineAmounts);
        var taxable = lineAmounts.Select((amount, i) => amount - lineDiscounts[i]).Append(shipping).ToList();
        var net = taxable.Sum();
        var tax = TaxOf(net, taxRate, pricesIncludeTax);
        var taxes = Allocate(tax, taxable);
        return new Result(subtotal, discount, shipping, tax, pricesIncludeTax ? net : net + tax, lineDiscounts,
            taxes.Take(lineAmounts.Count).ToList(), taxes[^1], taxRate, pricesIncludeTax);
    }

    /// <summary>A percentage rounds half away from zero; a fixed amount never takes more than the subtotal.</summary>
    public static long DiscountOf(CouponTerms coupon, long subtotal) => coupon switch
    {
        { Percent: { } percent } => Math.Min(subtotal, (long)Math.Round(subtotal * (decimal)percent / 100m, MidpointRounding.AwayFromZero)),
        { FixedAmount: { } amount } => Math.Clamp(amount, 0, subtotal),
        _ => 0,
    };

    /// <summary>VAT of an amount: included (the part of a gross amount) or added (on a net amount), rounded half away from zero.</summary>
    public static long TaxOf(long amount, decimal rate, bool included) => rate <= 0 ? 0
        : (long)Math.Round(included ? amount * rate / (100m + rate) : amount * rate / 100m, MidpointRounding.AwayFromZero);

    /// <summary>
    /// Splits <paramref name="total"/> over <paramref name="weights"/> in proportion, by largest
    /// remainder: every share is the floor of its exact share, and the cents left go to the largest
    /// remainders (ties: the earlier part), so the shares add up to the total exactly.
    /// </summary>
    public static long[] Allocate(long total, IReadOnlyList<long> weights)
    {
        var shares = new long[weights.Count];
        var sum = weights.Sum();
        if (total == 0 || sum <= 0)
        {
            return shares;
        }
        var remainders = new decimal[weights.Count];
        for (var i = 0; i < weights.Count; i++)
        {
            var exact = (decimal)total * weights[i] / sum;
            shares[i] = (long)Math.Floor(exact);
            remainders[i] = exact - shares[i];
        }
        var left = total - shares.Sum();
        foreach (var i in Enumerable.Range(0, weights.Count).OrderByDescending(i => remainders[i]).ThenBy(i => i).Take((int)left))
        {
            shares[i]++;
        }
        return shares;
    }
}
