using Microsoft.EntityFrameworkCore;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.Checkout.Coupons;

/// <summary>
/// Coupons as checkout uses them: <see cref="CheckAsync"/> tells whether a code gives a discount on
/// a subtotal (the cart, the quote), and at placement <see cref="TryTakeAsync"/> counts the use with
/// a guarded update inside the order's own transaction, so the last use goes to one buyer only.
/// </summary>
internal sealed class CouponLedger(OrderlyDbContext db)
{
    public abstract record Check
    {
        public sealed record Valid(CouponTerms Terms) : Check;

        /// <param name="Reason">unknown, expired, used_up, minimum_not_reached, currency.</param>
        public sealed record Refused(string Reason, string Message) : Check;
    }

    public async Task<Check> CheckAsync(string? code, Money subtotal, DateTime now, CancellationToken ct)
    {
        var normalized = Coupon.Normalize(code);
        var coupon = normalized.Length is 0 or > Coupon.MaxCode ? null
            : await db.Set<Coupon>().AsNoTracking().FirstOrDefaultAsync(c => c.Code == normalized, ct);
        return coupon switch
        {
            null or { Active: false } => new Check.Refused("unknown", $"The coupon code {normalized} is not valid."),
            { ExpiresAt: { } expires } when expires <= now => new Check.Refused("expired", $"The coupon {coupon.Code} has expired."),
            { MaxUses: { } max } when coupon.Uses >= max => new Check.Refused("used_up", $"The coupon {coupon.Code} has been used up."),
            { Currency: { } currency } when (coupon.FixedAmount is not null || coupon.MinimumSubtotal is not null)
                && !string.Equals(currency, subtotal.Currency, StringComparison.OrdinalIgnoreCase) =>
                new Check.Refused("currency", $"The coupon {coupon.Code} is for orders in {currency}."),
            { MinimumSubtotal: { } minimum } when subtotal.Amount < minimum =>
                new Check.Refused("minimum_not_reached", $"The coupon {coupon.Code} needs an order of at least {MoneyText.Format(new(minimum, subtotal.Currency))}."),
            _ => new Check.Valid(coupon.Terms),
        };
    }

    /// <summary>
    /// Counts one use, in the caller's transaction: a single UPDATE that only matches while the
    /// coupon is active, unexpired and below its limit. False: someone else took the last use (or
    /// it was deactivated or expired since the buyer saw it); nothing changed.
    /// </summary>
    public async Task<bool> TryTakeAsync(string code, DateTime now, CancellationToken ct) =>
        await db.Set<Coupon>()
            .Where(c => c.Code == code && c.Active && (c.MaxUses == null || c.Uses < c.MaxUses) && (c.ExpiresAt == null || c.ExpiresAt > now))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Uses, c => c.Uses + 1), ct) == 1;

    /// <summary>Gives back a use taken for an order its stock then refused (same transaction).</summary>
    public Task GiveBackAsync(string code, CancellationToken ct) =>
        db.Set<Coupon>().Where(c => c.Code == code && c.Uses > 0).ExecuteUpdateAsync(s => s.SetProperty(c => c.Uses, c => c.Uses - 1), ct);

    /// <summary>Adds the redemption row of a written order to the caller's unit of work.</summary>
    public async Task RecordAsync(Guid orderId, string code, Money discount, DateTime at, CancellationToken ct)
    {
        var couponId = await db.Set<Coupon>().Where(c => c.Code == code).Select(c => c.Id).FirstAsync(ct);
        db.Set<CouponRedemption>().Add(new CouponRedemption
        {
            Id = Guid.CreateVersion7(at), CouponId = couponId, OrderId = orderId, DiscountAmount = discount.Amount, Currency = discount.Currency, At = at,
        });
    }
}
