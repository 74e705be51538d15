using Orderly.Orders.Contracts;

namespace Orderly.Orders;

/// <summary>
/// The one table of status moves an order may make. Everything that changes a status asks here
/// first: event handlers that meet a refused move write a timeline note and change nothing; admin
/// actions answer 409 <c>orders.illegal_transition</c>.
/// </summary>
internal static class OrderTransitions
{
    private static readonly Dictionary<OrderStatus, OrderStatus[]> Allowed = new()
    {
        // Paid, payment failed, cancelled or expired, or held for a review before the payment.
        [OrderStatus.Pending] = [OrderStatus.Processing, OrderStatus.Failed, OrderStatus.Cancelled, OrderStatus.OnHold],
        // Money is money: a later successful payment still pays a failed or an expired order.
        [OrderStatus.Failed] = [OrderStatus.Processing, OrderStatus.Cancelled],
        [OrderStatus.Cancelled] = [OrderStatus.Processing],
        [OrderStatus.Processing] = [OrderStatus.Completed, OrderStatus.AwaitingStock, OrderStatus.OnHold, OrderStatus.PartiallyRefunded, OrderStatus.Refunded],
        [OrderStatus.AwaitingStock] = [OrderStatus.Processing, OrderStatus.Completed, OrderStatus.OnHold, OrderStatus.Cancelled, OrderStatus.PartiallyRefunded, OrderStatus.Refunded],
        [OrderStatus.OnHold] = [OrderStatus.Processing, OrderStatus.Cancelled, OrderStatus.PartiallyRefunded, OrderStatus.Refunded],
        // A refund whose amount matches no whole units needs a person: OnHold.
        [OrderStatus.Completed] = [OrderStatus.OnHold, OrderStatus.PartiallyRefunded, OrderStatus.Refunded],
        [OrderStatus.PartiallyRefunded] = [OrderStatus.OnHold, OrderStatus.PartiallyRefunded, OrderStatus.Refunded],
        [OrderStatus.Refunded] = [],
    };

    public static bool IsAllowed(OrderStatus from, OrderStatus to) =>
        Allowed.TryGetValue(from, out var targets) && targets.Contains(to);
}
