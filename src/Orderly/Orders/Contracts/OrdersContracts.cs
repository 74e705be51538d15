using Orderly.Catalog.Contracts;
using Orderly.Messaging;

namespace Orderly.Orders.Contracts;

public enum OrderStatus
{
    Pending = 0,
    Processing = 1,
    Completed = 2,
    Failed = 3,
    Cancelled = 4,
    OnHold = 5,
    AwaitingStock = 6,
    PartiallyRefunded = 7,
    Refunded = 8,
}

/// <summary>An order a checkout is about to create (priced from the catalog; prices are snapshots).</summary>
public sealed record NewOrder(Guid Id, string Email, string Currency, IReadOnlyList<NewOrderLine> Lines, DateTime ReservationExpiresAt);

public sealed record NewOrderLine(Guid Id, Guid ProductId, string Sku, string ProductName, ProductKind Kind, DeliveryKind Delivery, int Quantity, long UnitPriceAmount);

public sealed record OrderView(Guid Id, string Email, OrderStatus Status, long TotalAmount, string Currency, DateTime PlacedAt, IReadOnlyList<OrderLineView> Lines);

public sealed record OrderLineView(Guid Id, Guid ProductId, string Sku, string ProductName, ProductKind Kind, DeliveryKind Delivery, int Quantity, long UnitPriceAmount);

/// <summary>Orders as other modules use them.</summary>
public interface IOrderBook
{
    /// <summary>Adds the order (status Pending) to the caller's unit of work.</summary>
    void Add(NewOrder order, DateTime placedAt);

    Task<OrderView?> FindAsync(Guid orderId, CancellationToken cancellationToken);

    /// <summary>Which of these orders exist (one query, for checks in bulk).</summary>
    Task<IReadOnlySet<Guid>> ExistingAsync(IReadOnlyCollection<Guid> orderIds, CancellationToken cancellationToken);

    /// <summary>Appends an event to the order's visible timeline (joins the caller's unit of work).</summary>
    void Note(Guid orderId, string eventName, string? detail = null);
}

/// <summary>A checkout created an order and reserved its stock.</summary>
[WireName("orders.order_placed")]
public sealed record OrderPlaced(Guid OrderId, string Email, long TotalAmount, string Currency, DateTime PlacedAt);

/// <summary>
/// Money for an order went back to the buyer (all of it, or <paramref name="Amount"/> of it, in the
/// order's currency). Declared for the modules that react to refunds (the reseller wallet, outgoing
/// webhooks); the refund workflow that publishes it is not built yet.
/// </summary>
[WireName("orders.order_refunded")]
public sealed record OrderRefunded(Guid OrderId, long Amount, string Currency, string Reason, DateTime At);
