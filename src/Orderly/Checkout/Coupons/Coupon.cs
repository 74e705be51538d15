namespace Orderly.Checkout.Coupons;

/// <summary>
/// A discount code (table checkout_coupons): a percentage or a fixed amount off the lines, with an
/// optional use limit, expiry and minimum subtotal. <see cref="Uses"/> only grows by the guarded
/// update of <see cref="CouponLedger.TryTakeAsync"/>, inside the order's own transaction.
/// </summary>
internal sealed class Coupon
{
    public const int MaxCode = 32;

    public Guid Id { get; set; }
    /// <summary>Upper case; buyers type it in any case.</summary>
    public required string Code { get; set; }
    /// <summary>1–100 for a percentage coupon; null for a fixed one.</summary>
    public int? Percent { get; set; }
    /// <summary>Minor units of <see cref="Currency"/> for a fixed coupon; null for a percentage.</summary>
    public long? FixedAmount { get; set; }
    /// <summary>The currency of <see cref="FixedAmount"/> and <see cref="MinimumSubtotal"/>; a percentage coupon without a minimum takes any.</summary>
    public string? Currency { get; set; }
    public int? MaxUses { get; set; }
    public int Uses { get; set; }
    public DateTime? ExpiresAt { get; set; }
    public bool Active { get; set; } = true;
    public long? MinimumSubtotal { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public CouponTerms Terms => new(Code, Percent, FixedAmount);

    public static string Normalize(string? code) => (code ?? "").Trim().ToUpperInvariant();
}

/// <summary>One use of a coupon by one order (table checkout_coupon_redemptions), written with the order.</summary>
internal sealed class CouponRedemption
{
    public Guid Id { get; set; }
    public Guid CouponId { get; set; }
    public Guid OrderId { get; set; }
    public long DiscountAmount { get; set; }
    public required string Currency { get; set; }
    public DateTime At { get; set; }
}
