using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Hosting;
using Orderly.Orders.Contracts;
using Orderly.Payments.Contracts;
using Orderly.Persistence;

namespace Orderly.Orders;

/// <summary>
/// <c>POST /api/admin/orders/{id}/mark-paid</c> <c>{ reference? }</c>: the money for a bank-transfer
/// (<c>manual</c>) or cash-on-delivery (<c>cod</c>) order arrived. Recorded as a payment, so the
/// order goes on exactly as if a provider had confirmed it (<c>PaymentSucceeded</c>).
/// </summary>
internal static class MarkOrderPaid
{
    public sealed record MarkPaidRequest(string? Reference);

    public sealed record MarkedPaid(Guid OrderId, string Reference, long Amount, string Currency);

    public static async Task<Results<Accepted<MarkedPaid>, ProblemHttpResult>> HandleAsync(
        Guid id, MarkPaidRequest? request, OrderlyDbContext db, IInternalPayments payments, IPaymentRefunds recorded, IAdminActionLog adminLog, CancellationToken ct)
    {
        // A payment recorded but not yet applied to the order (its event is on the way) counts as paid.
        var alreadyRecorded = await recorded.FindPaymentAsync(id, ct) is not null;
        await using var transaction = await db.BeginWriteAsync(ct);
        var order = await db.Set<Order>().AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct);
        if (order is null)
        {
            return Problems.NotFound(OrderErrors.OrderNotFound, $"No order {id}.");
        }
        if (order.PaymentMethod is not (PaymentMethods.Manual or PaymentMethods.CashOnDelivery))
        {
            return Problems.Conflict(OrderErrors.NotManuallyPayable, $"Order {id} is paid through '{order.PaymentMethod}'; only manual and cod orders are marked paid by hand.");
        }
        if (order.PaidAt is not null || alreadyRecorded)
        {
            return Problems.Conflict(OrderErrors.AlreadyPaid, $"Order {id} is paid already.");
        }
        if (!OrderTransitions.IsAllowed(order.Status, OrderStatus.Processing) && order.Status != OrderStatus.OnHold)
        {
            return OrderErrors.IllegalTransition(order.Status, OrderStatus.Processing);
        }
        var reference = string.IsNullOrWhiteSpace(request?.Reference) ? $"{order.PaymentMethod}-{order.Id:N}" : request.Reference.Trim();
        if (reference.Length > 255)
        {
            return Problems.Validation([new ValidationError("reference", "must be at most 255 characters.")]);
        }
        payments.Record(new InternalPayment(order.Id, order.PaymentMethod, reference, order.TotalAmount, order.Currency));
        adminLog.Record("OrderMarkedPaid", order.Id, new { reference, order.TotalAmount, order.Currency, order.PaymentMethod });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Accepted($"/api/admin/orders/{order.Id}", new MarkedPaid(order.Id, reference, order.TotalAmount, order.Currency));
    }

    /// <summary>The same for the staff pages.</summary>
    internal sealed class Handler(OrderlyDbContext db, IInternalPayments payments, IPaymentRefunds recorded, Audit.Contracts.IAuditLog audit)
    {
        public Task<Results<Accepted<MarkedPaid>, ProblemHttpResult>> HandleAsync(Guid id, MarkPaidRequest request, string actor, CancellationToken ct) =>
            MarkOrderPaid.HandleAsync(id, request, db, payments, recorded, new StaffActorLog(audit, actor), ct);
    }
}
