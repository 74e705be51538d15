using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Hosting;
using Orderly.Orders.Contracts;
using Orderly.Payments.Contracts;
using Orderly.Persistence;

namespace Orderly.Orders;

/// <summary>
/// <c>POST /api/admin/orders/{id}/refunds</c> <c>{ reason, lines?: [{ orderLineId, quantity }], amount? }</c>:
/// validates against what is left (nothing changes on bad input), then refunds through the payment's
/// provider. The revocation follows when the refund is applied (<see cref="ApplyRefund"/>), so a
/// refund made here and the provider's webhook reporting it revoke once.
/// </summary>
internal static class RefundOrder
{
    public sealed record RefundRequest(string? Reason, IReadOnlyList<RefundLineRequest>? Lines, long? Amount);

    public sealed record RefundLineRequest(Guid OrderLineId, int Quantity);

    public sealed record RefundAccepted(Guid OrderId, string ProviderRefundId, long Amount, string Currency, IReadOnlyList<Guid> OrderLineIds);

    public static async Task<Results<Accepted<RefundAccepted>, ProblemHttpResult>> HandleAsync(
        Guid id, RefundRequest request, OrderlyDbContext db, IPaymentRefunds refunds, IAdminActionLog adminLog, CancellationToken ct)
    {
        var order = await db.Set<Order>().AsNoTracking().Include(o => o.Lines).FirstOrDefaultAsync(o => o.Id == id, ct);
        if (order is null)
        {
            return Problems.NotFound(OrderErrors.OrderNotFound, $"No order {id}.");
        }
        var reason = request.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > 500)
        {
            return Problems.Validation([new ValidationError("reason", "is required (at most 500 characters): the buyer's e-mail and the audit log show it.")]);
        }
        if (order.PaidAt is null)
        {
            return Problems.Conflict(OrderErrors.NotPaid, $"Order {id} is not paid ({OrderStatusMover.Wire(order.Status)}): there is nothing to refund; cancel it instead.");
        }
        if (order.RefundableAmount <= 0)
        {
            return Problems.Conflict(OrderErrors.NothingLeftToRefund, $"Order {order.Id} is refunded in full already.");
        }
        if (!OrderTransitions.IsAllowed(order.Status, OrderStatus.PartiallyRefunded) && !OrderTransitions.IsAllowed(order.Status, OrderStatus.Refunded))
        {
            return OrderErrors.IllegalTransition(order.Status, OrderStatus.Refunded);
        }
        var decision = Decide(order, request);
        if (decision.Error is { } error)
        {
            return error;
        }
        var (amount, lineIds) = (decision.Amount, decision.LineIds);
        var result = await refunds.RefundAsync(order.Id, amount, reason, lineIds, ct);
        if (!result.Succeeded)
        {
            return Problems.Create(StatusCodes.Status502BadGateway, OrderErrors.RefundFailed, "The payment provider did not refund.", result.Error);
        }
        adminLog.Record("RefundRequested", order.Id, new { amount, order.Currency, reason, lines = lineIds, providerRefundId = result.ProviderRefundId });
        await db.SaveChangesAsync(ct);
        return TypedResults.Accepted($"/api/admin/orders/{order.Id}", new RefundAccepted(order.Id, result.ProviderRefundId!, amount, order.Currency, lineIds));
    }

    /// <summary>The same refund for the staff pages (dependencies from the scope, not the endpoint).</summary>
    internal sealed class Handler(OrderlyDbContext db, IPaymentRefunds refunds, Audit.Contracts.IAuditLog audit)
    {
        /// <param name="actor">The staff member's e-mail address (the audit entry names them).</param>
        public Task<Results<Accepted<RefundAccepted>, ProblemHttpResult>> HandleAsync(Guid id, RefundRequest request, string actor, CancellationToken ct) =>
            RefundOrder.HandleAsync(id, request, db, refunds, new StaffActorLog(audit, actor), ct);
    }

    private sealed record Decision(long Amount, IReadOnlyList<Guid> LineIds, ProblemHttpResult? Error = null);

    /// <summary>
    /// Lines: what their units were paid (net of the discount, with added VAT; amount, if given, may
    /// only lower it); amount alone: any part of what is left; neither: everything left, shipping
    /// included. Shipping goes back only with such a whole-order refund (or an amount), never with lines.
    /// </summary>
    private static Decision Decide(Order order, RefundRequest request)
    {
        var left = order.RefundableAmount;
        if (request.Amount is <= 0)
        {
            return Fail(Problems.Validation([new ValidationError("amount", "must be a positive amount in minor units.")]));
        }
        if (request.Lines is null or { Count: 0 })
        {
            var amount = request.Amount ?? left;
            return amount > left
                ? Fail(Problems.Conflict(OrderErrors.RefundTooLarge, $"Only {left} {order.Currency} (minor units) is left to refund.", new Dictionary<string, object?> { ["left"] = left }))
                : new Decision(amount, request.Amount is null ? order.Lines.Where(l => l.QuantityLeft > 0).Select(l => l.Id).ToList() : []);
        }
        var errors = new List<ValidationError>();
        long linesValue = 0;
        foreach (var (wanted, index) in request.Lines.Select((l, i) => (l, i)))
        {
            var line = order.Lines.FirstOrDefault(l => l.Id == wanted.OrderLineId);
            if (line is null)
            {
                errors.Add(new ValidationError($"lines[{index}].orderLineId", $"order {order.Id} has no line {wanted.OrderLineId}."));
            }
            else if (wanted.Quantity <= 0 || wanted.Quantity > line.QuantityLeft)
            {
                errors.Add(new ValidationError($"lines[{index}].quantity", $"must be 1–{line.QuantityLeft} (bought {line.Quantity}, refunded {line.RefundedQuantity})."));
            }
            else
            {
                linesValue += line.Refundable(order.PricesIncludeTax).ValueOf(wanted.Quantity);
            }
        }
        if (request.Lines.GroupBy(l => l.OrderLineId).Any(g => g.Count() > 1))
        {
            errors.Add(new ValidationError("lines", "name each line once."));
        }
        if (errors.Count > 0)
        {
            return Fail(Problems.Validation(errors));
        }
        if (request.Amount > linesValue)
        {
            return Fail(Problems.Validation([new ValidationError("amount", $"is more than the lines are worth ({linesValue}).")]));
        }
        // One id per unit: the refund report then says exactly which units (see RefundPlan).
        return new Decision(Math.Min(request.Amount ?? linesValue, left), request.Lines.SelectMany(l => Enumerable.Repeat(l.OrderLineId, l.Quantity)).ToList());
    }

    private static Decision Fail(ProblemHttpResult error) => new(0, [], error);
}
