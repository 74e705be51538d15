using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Persistence;

namespace Orderly.Reseller;

/// <summary><c>GET /api/reseller/v1/orders/{requestId}</c>: the order's answer with its current delivery status (the caller's own orders only).</summary>
internal static class GetResellerOrder
{
    public static async Task<Results<Ok<ResellerOrderResponse>, ProblemHttpResult>> EndpointAsync(Guid requestId, HttpContext context, OrderlyDbContext db, CancellationToken ct)
    {
        var caller = ResellerCaller.From(context);
        var order = await db.Set<ResellerOrder>().AsNoTracking().FirstOrDefaultAsync(o => o.RequestId == requestId && o.MerchantId == caller.MerchantId, ct);
        return order is null
            ? ResellerProblems.Create(context, 404, ResellerErrors.OrderNotFound, "Not found.", $"No order of this merchant has request id {requestId}.")
            : TypedResults.Ok(PlaceResellerOrder.Answer(order, PlaceResellerOrder.DeliveryStatus(order) == PlaceResellerOrder.Delivered ? "Delivery confirmed." : "Delivery pending."));
    }
}
