using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Audit.Contracts;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.Checkout.Coupons;

/// <summary>
/// <c>POST /api/admin/coupons/{id}/deactivate</c>: the code stops giving discounts at once (an order
/// already being placed with it is refused at its guarded update). Kept, with its redemptions, for
/// the books; audited.
/// </summary>
internal static class DeactivateCoupon
{
    internal sealed class Handler(OrderlyDbContext db, IAuditLog audit, TimeProvider time)
    {
        /// <summary>False when there is no such coupon.</summary>
        public async Task<bool> HandleAsync(Guid id, string actor, CancellationToken ct)
        {
            if (await db.Set<Coupon>().FirstOrDefaultAsync(c => c.Id == id, ct) is not { } coupon)
            {
                return false;
            }
            if (coupon.Active)
            {
                coupon.Active = false;
                coupon.UpdatedAt = time.GetUtcNow().UtcDateTime;
                audit.Append("CouponDeactivated", null, actor, new { coupon.Id, coupon.Code, coupon.Uses });
                await db.SaveChangesAsync(ct);
            }
            return true;
        }
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> EndpointAsync(Guid id, Handler handler, CancellationToken ct) =>
        await handler.HandleAsync(id, "admin", ct) ? TypedResults.NoContent() : Problems.NotFound(SaveCoupon.NotFound, $"No coupon {id}.");
}
