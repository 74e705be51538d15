using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Hosting;
using Orderly.Inventory.Contracts;
using Orderly.Orders.Contracts;
using Orderly.Persistence;

namespace Orderly.Orders;

/// <summary>
/// <c>POST /api/admin/orders/{id}/cancel</c> <c>{ reason? }</c>: an unpaid order (pending, on hold,
/// awaiting stock) is cancelled and its reservation released. A paid order is refunded instead (409).
/// </summary>
internal static class CancelOrder
{
    public sealed record CancelRequest(string? Reason);

    public sealed record Cancelled(Guid OrderId, OrderStatus Status);

    public static async Task<Results<Ok<Cancelled>, ProblemHttpResult>> HandleAsync(
        Guid id, CancelRequest? request, OrderlyDbContext db, OrderStatusMover mover, IStockLedger ledger, IAdminActionLog adminLog, CancellationToken ct)
    {
        await using var transaction = await db.BeginWriteAsync(ct);
        var order = await db.Set<Order>().FirstOrDefaultAsync(o => o.Id == id, ct);
        if (order is null)
        {
            return Problems.NotFound(OrderErrors.OrderNotFound, $"No order {id}.");
        }
        if (order.PaidAt is not null)
        {
            return Problems.Conflict(OrderErrors.PaidRefundInstead, $"Order {id} is paid: refund it (POST /api/admin/orders/{id}/refunds); a full refund ends it.");
        }
        if (!OrderTransitions.IsAllowed(order.Status, OrderStatus.Cancelled))
        {
            return OrderErrors.IllegalTransition(order.Status, OrderStatus.Cancelled);
        }
        var reason = string.IsNullOrWhiteSpace(request?.Reason) ? "cancelled by the shop" : request.Reason.Trim();
        mover.Move(order, OrderStatus.Cancelled, "cancelled", reason);
        var released = await ledger.ReleaseReservationsAsync(order.Id, ct);
        adminLog.Record("OrderCancelled", order.Id, new { reason, releasedReservations = released });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(new Cancelled(order.Id, order.Status));
    }

    /// <summary>The same cancellation for the staff pages.</summary>
    internal sealed class Handler(OrderlyDbContext db, OrderStatusMover mover, IStockLedger ledger, Audit.Contracts.IAuditLog audit)
    {
        public Task<Results<Ok<Cancelled>, ProblemHttpResult>> HandleAsync(Guid id, CancelRequest request, string actor, CancellationToken ct) =>
            CancelOrder.HandleAsync(id, request, db, mover, ledger, new StaffActorLog(audit, actor), ct);
    }
}
