using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Hosting;
using Orderly.Orders.Contracts;
using Orderly.Persistence;

namespace Orderly.Orders;

/// <summary>
/// <c>GET /api/admin/orders/{id}</c> (everything), <c>GET /api/admin/orders?status=</c> (a page),
/// and <c>GET /api/orders/{id}</c> (what the buyer's thank-you page shows: no e-mail address).
/// </summary>
internal static class GetOrder
{
    public sealed record OrderResponse(Guid Id, string Email, OrderStatus Status, MoneyResponse Total, DateTime PlacedAt, DateTime? PaidAt,
        DateTime? CompletedAt, DateTime ReservationExpiresAt, IReadOnlyList<LineResponse> Lines, IReadOnlyList<TimelineResponse> Timeline,
        string PaymentMethod, bool IsTest, MoneyResponse Refunded, IReadOnlyList<RefundResponse> Refunds, OrderTotals? Totals = null);

    public sealed record RefundResponse(Guid Id, string Provider, string ProviderRefundId, MoneyResponse Amount, string? Reason, string Outcome, string? Summary, DateTime At);

    public sealed record PublicOrderResponse(Guid Id, OrderStatus Status, MoneyResponse Total, DateTime PlacedAt, IReadOnlyList<LineResponse> Lines, IReadOnlyList<TimelineResponse> Timeline,
        string PaymentMethod = PaymentMethods.Stripe, bool IsTest = false, OrderTotals? Totals = null);

    public sealed record MoneyResponse(long Amount, string Currency);

    public sealed record LineResponse(Guid Id, string Sku, string ProductName, string Kind, string Delivery, int Quantity, MoneyResponse UnitPrice, int RefundedQuantity);

    public sealed record TimelineResponse(OrderStatus? Status, string? Event, string? Detail, DateTime At);

    public sealed record OrderListItem(Guid Id, string Email, OrderStatus Status, MoneyResponse Total, DateTime PlacedAt);

    public static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> AdminAsync(Guid id, OrderlyDbContext db, CancellationToken ct)
    {
        var (order, timeline) = await LoadAsync(id, db, ct);
        if (order is null)
        {
            return Problems.NotFound(OrderErrors.OrderNotFound, $"No order {id}.");
        }
        var refunds = await db.Set<OrderRefund>().AsNoTracking().Where(r => r.OrderId == id).OrderBy(r => r.At).ToListAsync(ct);
        return TypedResults.Ok(new OrderResponse(order.Id, order.Email, order.Status, new(order.TotalAmount, order.Currency), order.PlacedAt,
            order.PaidAt, order.CompletedAt, order.ReservationExpiresAt, Lines(order), timeline, order.PaymentMethod, order.IsTest,
            new(order.RefundedAmount, order.Currency),
            refunds.Select(r => new RefundResponse(r.Id, r.Provider, r.ProviderRefundId, new(r.Amount, r.Currency), r.Reason, r.Outcome, r.Summary, r.At)).ToList(),
            order.Totals()));
    }

    public static async Task<Results<Ok<PublicOrderResponse>, ProblemHttpResult>> PublicAsync(Guid id, OrderlyDbContext db, CancellationToken ct)
    {
        var (order, timeline) = await LoadAsync(id, db, ct);
        return order is null
            ? Problems.NotFound(OrderErrors.OrderNotFound, $"No order {id}.")
            // Refused moves are notes for the shop, not news for the buyer.
            : TypedResults.Ok(new PublicOrderResponse(order.Id, order.Status, new(order.TotalAmount, order.Currency), order.PlacedAt, Lines(order),
                timeline.Where(t => t.Event != OrderStatusMover.RefusedEvent).ToList(), order.PaymentMethod, order.IsTest, order.Totals()));
    }

    public static async Task<Results<Ok<List<OrderListItem>>, ProblemHttpResult>> ListAsync(string? status, int? skip, int? take, OrderlyDbContext db, CancellationToken ct)
    {
        var query = db.Set<Order>().AsNoTracking();
        if (!string.IsNullOrEmpty(status))
        {
            // Accepts the spelling the API writes ("awaiting_stock") as well as the enum name.
            if (!Enum.TryParse<OrderStatus>(status.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var wanted) || !Enum.IsDefined(wanted))
            {
                return Problems.Validation([new ValidationError("status", $"unknown status '{status}'; use one of: {string.Join(", ", Enum.GetNames<OrderStatus>().Select(n => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(n)))}.")]);
            }
            query = query.Where(o => o.Status == wanted);
        }
        var page = await query.OrderByDescending(o => o.PlacedAt)
            .Skip(Math.Max(0, skip ?? 0)).Take(Math.Clamp(take ?? 50, 1, 500))
            .Select(o => new OrderListItem(o.Id, o.Email, o.Status, new MoneyResponse(o.TotalAmount, o.Currency), o.PlacedAt))
            .ToListAsync(ct);
        return TypedResults.Ok(page);
    }

    private static async Task<(Order?, List<TimelineResponse>)> LoadAsync(Guid id, OrderlyDbContext db, CancellationToken ct)
    {
        var order = await db.Set<Order>().AsNoTracking().Include(o => o.Lines).FirstOrDefaultAsync(o => o.Id == id, ct);
        if (order is null)
        {
            return (null, []);
        }
        var timeline = await db.Set<TimelineEntry>().AsNoTracking().Where(t => t.OrderId == id).OrderBy(t => t.Id)
            .Select(t => new TimelineResponse(t.Status, t.Event, t.Detail, t.At)).ToListAsync(ct);
        return (order, timeline);
    }

    private static List<LineResponse> Lines(Order order) => order.Lines.OrderBy(l => l.Sku)
        .Select(l => new LineResponse(l.Id, l.Sku, l.ProductName, Snake(l.Kind.ToString()), Snake(l.Delivery.ToString()), l.Quantity, new(l.UnitPriceAmount, order.Currency), l.RefundedQuantity))
        .ToList();

    private static string Snake(string value) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(value);
}

public static class OrderErrors
{
    public const string OrderNotFound = "orders.order_not_found";
    public const string IllegalTransitionCode = "orders.illegal_transition";
    public const string NotPaid = "orders.not_paid";
    public const string AlreadyPaid = "orders.already_paid";
    public const string PaidRefundInstead = "orders.paid_refund_instead";
    public const string NotManuallyPayable = "orders.not_manually_payable";
    public const string NothingLeftToRefund = "orders.nothing_left_to_refund";
    public const string RefundTooLarge = "orders.refund_too_large";
    public const string RefundFailed = "payments.refund_failed";

    internal static ProblemHttpResult IllegalTransition(OrderStatus from, OrderStatus to) =>
        Problems.Conflict(IllegalTransitionCode, $"An order cannot go from {OrderStatusMover.Wire(from)} to {OrderStatusMover.Wire(to)}.",
            new Dictionary<string, object?> { ["from"] = OrderStatusMover.Wire(from), ["to"] = OrderStatusMover.Wire(to) });
}
