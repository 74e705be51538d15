using Orderly.Catalog.Contracts;
using Orderly.Orders.Contracts;

namespace Orderly.Orders;

internal sealed class Order
{
    public Guid Id { get; set; }
    public required string Email { get; set; }
    public OrderStatus Status { get; set; }
    public long TotalAmount { get; set; }
    public required string Currency { get; set; }
    /// <summary>How the buyer pays (<see cref="PaymentMethods"/>).</summary>
    public string PaymentMethod { get; set; } = PaymentMethods.Stripe;
    /// <summary>A test-mode order: no real money; marked in e-mails and the audit log.</summary>
    public bool IsTest { get; set; }
    public DateTime PlacedAt { get; set; }
    public DateTime? PaidAt { get; set; }
    public DateTime? CompletedAt { get; set; }
    public DateTime ReservationExpiresAt { get; set; }
    public List<OrderLine> Lines { get; set; } = [];

    /// <summary>
    /// Payment confirmed. Money is money: a payment moves even a cancelled (expired) order on, and
    /// fulfillment decides whether stock is still there. Returns false when already paid.
    /// </summary>
    public bool MarkPaid(DateTime at)
    {
        if (PaidAt is not null)
        {
            return false;
        }
        PaidAt = at;
        if (Status is OrderStatus.Pending or OrderStatus.Cancelled)
        {
            Status = OrderStatus.Processing;
        }
        return true;
    }

    public bool MarkCompleted(DateTime at)
    {
        if (Status is OrderStatus.Completed or OrderStatus.Refunded or OrderStatus.PartiallyRefunded)
        {
            return false;
        }
        Status = OrderStatus.Completed;
        CompletedAt = at;
        return true;
    }

    /// <summary>An unpaid order whose reservation ran out.</summary>
    public bool Expire() => Transition(OrderStatus.Pending, OrderStatus.Cancelled);

    public bool AwaitStock() => Transition(OrderStatus.Processing, OrderStatus.AwaitingStock);

    public bool HoldForReview() => Transition(OrderStatus.Processing, OrderStatus.OnHold) || Transition(OrderStatus.Pending, OrderStatus.OnHold);

    private bool Transition(OrderStatus from, OrderStatus to)
    {
        if (Status != from)
        {
            return false;
        }
        Status = to;
        return true;
    }
}

internal sealed class OrderLine
{
    public Guid Id { get; set; }
    public Guid OrderId { get; set; }
    public Guid ProductId { get; set; }
    public required string Sku { get; set; }
    public required string ProductName { get; set; }
    public ProductKind Kind { get; set; }
    public DeliveryKind Delivery { get; set; }
    public int Quantity { get; set; }
    public long UnitPriceAmount { get; set; }
}

/// <summary>One visible step in an order's life: a status change or an event (payment, email...).</summary>
internal sealed class TimelineEntry
{
    public long Id { get; set; }
    public Guid OrderId { get; set; }
    public DateTime At { get; set; }
    public OrderStatus? Status { get; set; }
    public string? Event { get; set; }
    public string? Detail { get; set; }
}
