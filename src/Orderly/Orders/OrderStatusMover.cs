using Orderly.Messaging;
using Orderly.Orders.Contracts;
using Orderly.Persistence;

namespace Orderly.Orders;

/// <summary>
/// The only writer of <see cref="Order.Status"/>: checks <see cref="OrderTransitions"/>, writes the
/// timeline and enqueues <see cref="OrderStatusChanged"/> in the caller's unit of work.
/// </summary>
internal sealed class OrderStatusMover(OrderlyDbContext db, IOutbox outbox, TimeProvider time)
{
    public const string RefusedEvent = "transition_refused";

    /// <summary>
    /// Records <paramref name="eventName"/> and, when <paramref name="to"/> is given and differs,
    /// moves the status. A move the table refuses changes nothing and leaves a timeline note;
    /// returns false then.
    /// </summary>
    public bool Move(Order order, OrderStatus? to, string eventName, string? detail)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (to is not { } target || (target == order.Status && !OrderTransitions.IsAllowed(target, target)))
        {
            Note(order.Id, eventName, detail);
            return true;
        }
        if (!OrderTransitions.IsAllowed(order.Status, target))
        {
            Refuse(order, target, eventName, detail);
            return false;
        }
        var from = order.Status;
        order.Status = target;
        if (target == OrderStatus.Completed)
        {
            order.CompletedAt ??= now;
        }
        db.Set<TimelineEntry>().Add(new TimelineEntry { OrderId = order.Id, At = now, Status = target, Event = eventName, Detail = Truncate(detail) });
        outbox.Enqueue(new OrderStatusChanged(order.Id, from, target, eventName, now));
        return true;
    }

    /// <summary>Leaves the note of a refused move (the status stays).</summary>
    public void Refuse(Order order, OrderStatus to, string eventName, string? detail) =>
        Note(order.Id, RefusedEvent, $"{eventName}: {Wire(order.Status)} → {Wire(to)} is not allowed{(detail is null ? "" : $" ({detail})")}");

    public void Note(Guid orderId, string eventName, string? detail) =>
        db.Set<TimelineEntry>().Add(new TimelineEntry { OrderId = orderId, At = time.GetUtcNow().UtcDateTime, Event = eventName, Detail = Truncate(detail) });

    /// <summary>The status as the API spells it (<c>awaiting_stock</c>).</summary>
    public static string Wire(OrderStatus status) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString());

    private static string? Truncate(string? detail) => detail is { Length: > 500 } ? detail[..500] : detail;
}
