using Microsoft.EntityFrameworkCore;
using Orderly.Persistence;

namespace Orderly.Checkout.Coupons;

/// <summary><c>GET /api/admin/coupons</c> and the admin page's list: every coupon, newest first, with its uses.</summary>
internal static class ListCoupons
{
    internal sealed class Handler(OrderlyDbContext db)
    {
        public async Task<IReadOnlyList<CouponView>> HandleAsync(CancellationToken ct) =>
            (await db.Set<Coupon>().AsNoTracking().OrderByDescending(c => c.CreatedAt).ThenBy(c => c.Code).Take(1000).ToListAsync(ct)).Select(c => c.ToView()).ToList();

        public async Task<CouponView?> FindAsync(Guid id, CancellationToken ct) =>
            (await db.Set<Coupon>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct))?.ToView();
    }

    public static async Task<IResult> EndpointAsync(Handler handler, CancellationToken ct) => TypedResults.Ok(await handler.HandleAsync(ct));
}
