using Orderly.Catalog.Contracts;

namespace Orderly.Orders.Contracts;

/// <summary>One order in a buyer's order history.</summary>
public sealed record BuyerOrderSummary(Guid Id, OrderStatus Status, long TotalAmount, string Currency, DateTime PlacedAt, int Items, bool IsTest);

public sealed record BuyerOrderPage(IReadOnlyList<BuyerOrderSummary> Orders, int Total);

/// <summary>An order as its buyer sees it: lines, totals, the timeline, refunds and an open refund request.</summary>
public sealed record BuyerOrderDetail(Guid Id, string Email, OrderStatus Status, long TotalAmount, long RefundedAmount, string Currency, DateTime PlacedAt,
    DateTime? PaidAt, DateTime? CompletedAt, string PaymentMethod, bool IsTest, IReadOnlyList<BuyerOrderLine> Lines,
    IReadOnlyList<BuyerTimelineStep> Timeline, IReadOnlyList<BuyerRefund> Refunds, BuyerRefundRequest? RefundRequest, OrderTotals? Totals = null,
    BillingDetails? Billing = null);

public sealed record BuyerOrderLine(Guid Id, string Sku, string ProductName, ProductKind Kind, int Quantity, long UnitPriceAmount, int RefundedQuantity);

/// <summary>A status change (<paramref name="Status"/>) or an event (<paramref name="Event"/>, snake_case) of the order.</summary>
public sealed record BuyerTimelineStep(OrderStatus? Status, string? Event, string? Detail, DateTime At);

public sealed record BuyerRefund(long Amount, string? Reason, DateTime At);

/// <summary>
/// A buyer's request for a return or refund, for the shop to decide: <c>open</c> until staff approve
/// (<c>approved</c>: refunded) or decline it (<c>declined</c>, with <paramref name="DecisionMessage"/> for the buyer).
/// </summary>
public sealed record BuyerRefundRequest(Guid Id, string Reason, IReadOnlyList<Guid> LineIds, string Status, DateTime CreatedAt,
    DateTime? DecidedAt = null, string? DecisionMessage = null);

/// <summary>
/// The orders of a buyer, found by their e-mail address (orders carry the address the buyer typed;
/// compared case-insensitively).
/// </summary>
public interface IBuyerOrders
{
    /// <summary>Newest first.</summary>
    Task<BuyerOrderPage> ListAsync(string email, int skip, int take, CancellationToken cancellationToken);

    /// <summary>The order, when it is this buyer's; else null.</summary>
    Task<BuyerOrderDetail?> FindAsync(string email, Guid orderId, CancellationToken cancellationToken);
}

/// <summary>A buyer deleted their account: their orders stay (bookkeeping) but no longer say who they were.</summary>
public interface IBuyerOrderErasure
{
    /// <summary>
    /// Replaces the e-mail address of every order of <paramref name="email"/> with
    /// <paramref name="placeholder"/> (joins the caller's transaction) and returns their ids.
    /// </summary>
    Task<IReadOnlyList<Guid>> AnonymizeAsync(string email, string placeholder, CancellationToken cancellationToken);
}
